"""Spanish, stage by stage, on sentences written for these tests."""

from __future__ import annotations

import pytest

from tests.conftest import events_of


def test_receiver_among_two_a_arguments(extract):
    record = extract("México extraditó a 29 narcotraficantes a Estados Unidos.", "es")
    [event] = events_of(record, "COOPERATE")
    assert [(a.country, a.sector) for a in event.actors] == [("MEX", "GOV")]
    assert [(t.country, t.sector) for t in event.targets] == [("USA", "GOV")]


def test_passive_with_ser_and_por(extract):
    record = extract("Los militares fueron atacados por un grupo armado en Culiacán.", "es")
    [event] = events_of(record, "ASSAULT")
    assert [t.sector for t in event.targets] == ["MIL"]
    assert event.actors and event.actors[0].mention.startswith("un grupo armado")
    assert event.place is not None and event.place.country == "MEX"


def test_coordinated_actors_and_a_marked_object(extract):
    record = extract("El Ejército y la Guardia Nacional detuvieron a tres integrantes del "
                     "Cártel de Sinaloa.", "es")
    [event] = events_of(record, "COERCE")
    assert len(event.actors) == 2 and {a.sector for a in event.actors} == {"MIL"}
    assert [(t.country, t.sector) for t in event.targets] == [("MEX", "CRM")]


def test_considered_with_source_and_target(extract):
    record = extract("El gobierno de Estados Unidos contempla ataques con drones contra los "
                     "cárteles mexicanos, según fuentes cercanas a la investigación.", "es")
    [event] = events_of(record, "ASSAULT")
    assert event.status == "considered" and event.status_cue == "contempla"
    assert [(a.country, a.sector) for a in event.actors] == [("USA", "GOV")]
    assert [(t.country, t.sector) for t in event.targets] == [("MEX", "CRM")]
    assert event.sources and event.sources[0].anonymous


def test_pronoun_and_negation(extract):
    record = extract("La presidenta Claudia Sheinbaum rechazó la propuesta. Ella también "
                     "condenó los ataques. La policía no detuvo a los sospechosos.", "es")
    assert events_of(record, "ACCUSE")[0].actors[0].name == "Claudia Sheinbaum"
    assert [e.status for e in events_of(record, "COERCE")] == ["negated"]


def test_anonymous_current_and_former_officials(extract):
    record = extract("Dos funcionarios estadounidenses y un exfuncionario dijeron que el "
                     "Pentágono prepara ataques contra los cárteles.", "es")
    [event] = events_of(record, "ASSAULT")
    anonymous = sorted((s.count, s.former, s.country) for s in event.sources)
    assert anonymous == [(1, True, "USA"), (2, False, "USA")]


def test_dialogue_dash_and_guillemets(extract):
    record = extract("—No vamos a permitirlo —dijo el ministro Juan Pérez—. Es inaceptable "
                     "para el país.\n«No vamos a permitir que se viole nuestra soberanía», "
                     "aseguró la presidenta Claudia Sheinbaum el pasado martes.", "es")
    direct = [q for q in record.quotes if q.direct]
    text = record.text
    assert [[text[a:b] for a, b in q.fragments or [q.span]] for q in direct] == [
        ["No vamos a permitirlo", "Es inaceptable para el país."],
        ["No vamos a permitir que se viole nuestra soberanía"]]
    assert [q.speaker.name for q in direct] == ["Juan Pérez", "Claudia Sheinbaum"]


def test_relative_dates(extract):
    record = extract("Hace dos semanas, la policía detuvo a cuatro sospechosos en Tijuana. "
                     "El pasado martes, el ejército atacó un campamento del cártel.", "es",
                     published="2025-11-04")
    assert events_of(record, "COERCE")[0].date == "2025-10-21"
    assert events_of(record, "ASSAULT")[0].date == "2025-10-28"


def test_una_intencion_declarada_por_el_actor_es_una_promesa(extract):
    record = extract("El gobierno de Norlandia está dispuesto a retirar sus tropas de la "
                     "frontera.", "es")
    assert [e.type for e in record.events if e.type == "AGREE"] == ["AGREE"]


# Trigger families of the Spanish lexicon: one invented sentence each, with the type, the
# mode and the words of the actor that the entry must give.
LEXICON_CASES = [
    ("Miles de estudiantes desfilaron por el centro de Lima contra la reforma educativa.",
     "PROTEST", "demonstrate", "estudiantes"),
    ("Los sindicatos convocaron una concentración contra la reforma laboral frente al "
     "Congreso.", "PROTEST", "demonstrate", "sindicatos"),
    ("Veinte presos se encuentran en huelga de hambre en la cárcel de Quito.",
     "PROTEST", "hunger_strike", "presos"),
    ("Los médicos del hospital público permanecen en huelga desde el lunes.",
     "PROTEST", "strike", "médicos"),
    ("Los estudiantes mantienen tomado el edificio de la rectoría.",
     "PROTEST", "occupy", "estudiantes"),
    ("Los vecinos quemaron neumáticos en la carretera Panamericana.",
     "PROTEST", "obstruct", "vecinos"),
    ("Los activistas han protagonizado varios escraches contra políticos corruptos.",
     "PROTEST", "demonstrate", "activistas"),
    ("Los agricultores realizaron una tractorada en Zaragoza.",
     "PROTEST", "demonstrate", "agricultores"),
    ("Los rebeldes iniciaron la lucha armada contra el gobierno en 1980.",
     "ASSAULT", None, "rebeldes"),
    ("Los secuestradores mantienen como rehenes a diez turistas.",
     "ASSAULT", "abduct", "secuestradores"),
    ("Los campesinos mantienen retenidos a tres ingenieros de la empresa minera.",
     "COERCE", None, "campesinos"),
    ("El gobierno incumplió el acuerdo firmado con los maestros.",
     "REJECT", None, "gobierno"),
    ("Los rebeldes violaron la tregua acordada en marzo.", "REJECT", None, "rebeldes"),
    ("La delegación de Libia se retiró de la cumbre en señal de protesta.",
     "REJECT", None, "delegación"),
    ("Miles de manifestantes desafiaron el toque de queda en Caracas.",
     "REJECT", None, "manifestantes"),
    ("Rusia suspendió las exportaciones de gas a Ucrania.", "SANCTION", "embargo", "Russia"),
    ("Los agricultores expresaron su descontento con el gobierno.",
     "ACCUSE", "disapprove", "agricultores"),
    ("El líder opositor fustigó al presidente por su política económica.",
     "ACCUSE", "disapprove", "líder"),
    ("El senador arremetió contra el ministro de Hacienda.",
     "ACCUSE", "disapprove", "senador"),
    ("El alcalde presentó una querella contra el diario local.",
     "ACCUSE", "legal_action", "alcalde"),
    ("El gobierno de España convocó al embajador de Marruecos.",
     "ACCUSE", "disapprove", "gobierno"),
    ("El juez conminó al gobierno a cumplir la sentencia.", "REQUEST", None, "juez"),
]


@pytest.mark.parametrize(("text", "type_", "mode", "actor"), LEXICON_CASES)
def test_lexicon_families(extract, text, type_, mode, actor):
    events = events_of(extract(text, "es"), type_)
    assert events, f"no {type_} event in {text!r}"
    event = events[0]
    if mode:
        assert mode in event.mode
    assert any(actor in (a.mention or "") or actor in a.name for a in event.actors)


def test_lexicon_nouns_without_a_governing_actor(extract):
    record = extract("Un intercambio de disparos entre policías y pandilleros dejó dos "
                     "muertos. La negativa del gobierno a negociar prolongó el conflicto.",
                     "es")
    assert events_of(record, "ASSAULT")[0].mode == ["firearms"]
    assert events_of(record, "REJECT")


def test_la_gente_contada_y_los_actos_sin_participante_conocido(extract):
    record = extract("Miles de jubilados marcharon por las calles del centro.", "es")
    [march] = events_of(record, "PROTEST")
    assert [a.name for a in march.actors] == ["jubilados"]
    # a clause states the act even with no one named: it is kept
    record = extract("Protestaron de nuevo durante horas.", "es")
    assert events_of(record, "PROTEST")


def test_lo_que_quiere_o_parece_se_reporta(extract):
    record = extract("El ministro quiere recuperar el control de la frontera. Los nuevos "
                     "aranceles parecen haber frenado las exportaciones del país.", "es")
    quiere, parecen = record.quotes
    assert quiere.text == "recuperar el control de la frontera"
    assert quiere.speaker.mention == "El ministro"
    assert parecen.text == "Los nuevos aranceles parecen haber frenado las exportaciones del país"
    assert parecen.speaker is None


def test_una_cita_sigue_tras_su_inciso(extract):
    record = extract("«Hemos hecho nuestra parte en esta ciudad», prosiguió el alcalde. «Ahora "
                     "les toca a ellos.»", "es")
    [quote] = record.quotes
    assert quote.cue == "prosiguió" and quote.speaker.mention == "el alcalde"
    assert quote.text.endswith("Ahora les toca a ellos.")


def test_manifestar_sin_objeto_es_protesta_y_con_clausula_no(extract):
    record = extract("Miles de estudiantes manifestaron el jueves en Montevideo.", "es")
    assert events_of(record, "PROTEST")
    record = extract("El ministro manifestó que el gobierno revisará el plan.", "es")
    assert not events_of(record, "PROTEST")
    # a protest named by a noun is a happening even with no one named
    record = extract("Las protestas callejeras continuaron durante la noche.", "es")
    assert events_of(record, "PROTEST")


def test_un_sustantivo_de_decir_lleva_su_completiva(extract):
    record = extract("El alcalde sorprendió a todos con su afirmación de que el presupuesto "
                     "estaba equilibrado.", "es")
    [quote] = record.quotes
    assert quote.text == "el presupuesto estaba equilibrado" and quote.cue == "afirmación"
    assert quote.speaker.mention == "El alcalde"


def test_a_paragraph_that_is_only_a_quotation_goes_on_with_the_speaker_before(extract):
    record = extract("«Este proyecto es un desastre para los agricultores», dijo la senadora "
                     "María Olsen.\n\n«Lo combatiremos en cada municipio. Nadie nos consultó "
                     "antes de escribirlo».\n\nEl texto se votará la próxima semana.", "es")
    [quote] = record.quotes
    assert quote.direct and quote.speaker.name == "María Olsen"
    assert quote.text.endswith("antes de escribirlo")


def test_the_speaker_of_a_relative_clause_is_the_noun_it_refers_to(extract):
    record = extract("El plan cuenta con el apoyo de la senadora María Olsen, quien afirmó "
                     "que el Estado perdería miles de millones sin él.", "es")
    [quote] = record.quotes
    assert quote.text == "el Estado perdería miles de millones sin él"
    assert quote.speaker.name == "María Olsen"


def test_a_participle_of_saying_puts_no_words_before_it(extract):
    record = extract("El senador abandonó la sesión, afirmando que la votación estaba "
                     "amañada. Las patrullas comenzarán en julio, anunció el ministerio.", "es")
    texts = [q.text for q in record.quotes]
    assert texts == ["la votación estaba amañada", "Las patrullas comenzarán en julio"]
    assert record.quotes[1].speaker.mention.endswith("ministerio")


def test_a_sentence_opened_by_a_document_is_what_the_document_says(extract):
    record = extract("En una encuesta publicada el lunes, el 60 % de los vecinos apoya la "
                     "nueva línea de tranvía.", "es")
    [quote] = record.quotes
    assert quote.text == "el 60 % de los vecinos apoya la nueva línea de tranvía"
    assert quote.cue == "En"


def test_a_stray_opening_mark_loses_no_quotation_after_it(extract):
    record = extract("\"La multitud coreaba « ¡Devuélvannos el parque! » toda la noche.\n\n"
                     "«No nos iremos hasta que nos escuchen», declaró la organizadora.", "es")
    texts = [q.text for q in record.quotes]
    assert texts == ["¡Devuélvannos el parque!", "No nos iremos hasta que nos escuchen"]


def test_segun_inside_a_sentence_and_an_aside_after_the_words(extract):
    record = extract("La mayoría de los nuevos empleos, según el ministerio de Trabajo, "
                     "fueron para jóvenes menores de treinta años. La presidenta declaró que "
                     "no apoyaría la ley, que fue aprobada en mayo. El ministro afirmó que "
                     "apoyaba al alcalde, el único candidato de la lista.", "es")
    texts = [q.text for q in record.quotes]
    assert texts == ["La mayoría de los nuevos empleos, según el ministerio de Trabajo, "
                     "fueron para jóvenes menores de treinta años", "no apoyaría la ley",
                     "apoyaba al alcalde"]
