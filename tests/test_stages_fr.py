"""French, stage by stage, on sentences written for these tests."""

from __future__ import annotations

from tests.conftest import events_of


def test_verb_trigger_with_subject_object_and_recipient(extract):
    record = extract("Le Mexique a extradé dix narcotrafiquants vers les États-Unis.", "fr")
    [event] = events_of(record, "COOPERATE")
    assert [(a.name, a.country, a.sector) for a in event.actors] == [("Mexico", "MEX", "GOV")]
    assert [(t.country, t.sector) for t in event.targets] == [("USA", "GOV")]
    assert event.status == "occurred"


def test_passive_agent_is_the_actor(extract):
    record = extract("Trois chefs du cartel de Sinaloa ont été arrêtés par la police "
                     "mexicaine à Culiacán.", "fr")
    [event] = events_of(record, "COERCE")
    assert [(a.country, a.sector) for a in event.actors] == [("MEX", "COP")]
    assert event.targets and event.targets[0].sector == "CRM"
    assert event.place is not None and event.place.country == "MEX"


def test_noun_event_inherits_the_doer_of_its_governing_verb(extract):
    record = extract("Le gouvernement américain envisage des frappes contre les cartels "
                     "mexicains.", "fr")
    [event] = events_of(record, "ASSAULT")
    assert event.status == "considered" and event.status_cue == "envisage"
    assert [(a.country, a.sector) for a in event.actors] == [("USA", "GOV")]
    assert [(t.country, t.sector) for t in event.targets] == [("MEX", "CRM")]


def test_coordinated_actors(extract):
    record = extract("Le Mexique et le Guatemala ont attaqué le camp.", "fr")
    [event] = events_of(record, "ASSAULT")
    assert {a.country for a in event.actors} == {"MEX", "GTM"}
    # an act two parties do together: the first named acts, towards the other
    record = extract("Le Mexique et le Guatemala ont signé un accord de sécurité.", "fr")
    [event] = events_of(record, "AGREE")
    assert [a.country for a in event.actors] == ["MEX"]
    assert [t.country for t in event.targets] == ["GTM"]


def test_role_noun_and_pronoun_resolve_to_the_person_named_before(extract):
    record = extract("La présidente Claudia Sheinbaum a reçu l'ambassadeur. Mardi, la "
                     "présidente a condamné les attaques. Elle a aussi rejeté toute "
                     "intervention.", "fr")
    accuse = events_of(record, "ACCUSE")
    reject = events_of(record, "REJECT")
    assert accuse and accuse[0].actors[0].name == "Claudia Sheinbaum"
    assert reject and reject[0].actors[0].name == "Claudia Sheinbaum"
    assert accuse[0].date == "2025-11-04"


def test_statuses_from_words_mood_and_negation(extract):
    cases = {
        "L'armée a menacé de bombarder les camps du cartel.": "threatened",
        "L'armée pourrait bombarder les camps du cartel.": "hypothetical",
        "L'armée bombardera les camps du cartel la semaine prochaine.": "planned",
        "L'armée n'a pas bombardé les camps du cartel.": "negated",
        "L'armée a bombardé les camps du cartel.": "occurred",
        "Le gouvernement étudie d'éventuelles frappes contre le cartel.": "considered",
    }
    for text, expected in cases.items():
        record = extract(text, "fr")
        assert [e.status for e in events_of(record, "ASSAULT")] == [expected], text


def test_modifier_says_the_event_is_only_possible(extract):
    record = extract("D'éventuelles frappes contre les cartels inquiètent les habitants.", "fr")
    assert [e.status for e in events_of(record, "ASSAULT")] == ["hypothetical"]


def test_selon_names_the_source(extract):
    record = extract("Selon le quotidien Reforma, la marine a arrêté un chef du cartel.",
                     "fr")
    [event] = events_of(record, "COERCE")
    assert [(s.name, s.kind) for s in event.sources] == [("Reforma", "media")]


def test_report_governs_the_sentences_that_continue_it(extract):
    record = extract("Selon un rapport de l'agence Reuters, l'armée a bombardé un camp du "
                     "cartel. Les soldats ont aussi arrêté deux chefs.\nLes militaires ont "
                     "ensuite attaqué un laboratoire de drogue.\nLe ministre Juan Pérez a "
                     "déclaré que le Mexique avait extradé dix narcotrafiquants vers les "
                     "États-Unis.\nLa police a arrêté trois suspects à Tijuana.", "fr")
    coerce = events_of(record, "COERCE")
    assert [s.name for s in coerce[0].sources] == ["Reuters"]
    assert [s.name for s in events_of(record, "ASSAULT")[-1].sources] == ["Reuters"]
    assert [s.name for s in events_of(record, "COOPERATE")[0].sources] == ["Juan Pérez"]
    assert coerce[-1].sources == [], "another source took over: the report no longer governs"


def test_anonymous_sources_with_count_and_former(extract):
    record = extract("Selon un rapport de NBC News, l'armée américaine prépare des frappes "
                     "contre les cartels. Les sources incluent trois responsables américains "
                     "et deux anciens diplomates.", "fr")
    [event] = events_of(record, "ASSAULT")
    anonymous = sorted((s.count, s.former, s.country) for s in event.sources if s.anonymous)
    assert anonymous == [(2, True, "USA"), (3, False, "USA")]


def test_direct_quote_speaker_before_and_after(extract):
    record = extract("Le ministre Juan Pérez a déclaré : « Nous ne négocierons jamais avec "
                     "les cartels. » « La frontière restera ouverte aux familles », a "
                     "affirmé la présidente Claudia Sheinbaum.", "fr")
    direct = [q for q in record.quotes if q.direct]
    assert [q.speaker.name for q in direct] == ["Juan Pérez", "Claudia Sheinbaum"]
    assert direct[0].text == "Nous ne négocierons jamais avec les cartels."
    assert direct[1].cue == "a affirmé"


def test_reported_speech_after_que(extract):
    record = extract("Le porte-parole de l'armée a affirmé que les soldats avaient quitté la "
                     "ville.", "fr")
    reported = [q for q in record.quotes if not q.direct]
    assert [q.text for q in reported] == ["les soldats avaient quitté la ville"]
    assert reported[0].cue == "a affirmé"


def test_an_unpaired_mark_loses_only_its_own_quote(extract):
    record = extract("« Nous resterons vigilants face aux cartels », a déclaré le ministre. "
                     "Puis il a ajouté : « sans fermer la porte au dialogue.\nLe président a "
                     "dit : « La sécurité des citoyens passe avant tout. »", "fr")
    texts = [q.text for q in record.quotes if q.direct]
    assert "Nous resterons vigilants face aux cartels" in texts
    assert "La sécurité des citoyens passe avant tout." in texts


def test_dates_against_publication(extract):
    record = extract("En février, l'administration Trump a désigné les cartels comme "
                     "organisations terroristes. Il y a deux semaines, le Mexique a extradé "
                     "dix narcotrafiquants vers les États-Unis.", "fr",
                     published="2025-11-04")
    assert events_of(record, "SANCTION")[0].date == "2025-02"
    assert events_of(record, "COOPERATE")[0].date == "2025-10-21"


def test_event_place_and_country_as_actor_not_place(extract):
    record = extract("Le Mexique a arrêté deux chefs du cartel à Tijuana.", "fr")
    [event] = events_of(record, "COERCE")
    assert event.place is not None and event.place.name == "Tijuana"
    assert event.place.country == "MEX"
    assert all(p.name != "Mexico" for p in record.places)


def test_une_intention_declaree_par_l_acteur_est_une_promesse(extract):
    record = extract("Le gouvernement de Norlande est prêt à retirer ses troupes de la "
                     "frontière.", "fr")
    assert [e.type for e in record.events if e.type == "AGREE"] == ["AGREE"]


def test_un_acte_que_l_acteur_ne_fera_pas_est_un_refus(extract):
    record = extract("La Norlande ne lèvera pas les sanctions contre l'Estmarie.", "fr")
    assert events_of(record, "REJECT")


def test_counterparts_of_spanish_lexicon_families(extract):
    record = extract("Les rebelles ont lancé la lutte armée contre le gouvernement. Le "
                     "gouvernement français a convoqué l'ambassadeur d'Algérie. Les "
                     "agriculteurs ont brûlé des pneus devant la préfecture. La Russie a "
                     "suspendu les exportations de gaz vers l'Ukraine. Les syndicats ont "
                     "quitté la table des négociations.", "fr")
    assert "gouvernement" in events_of(record, "ASSAULT")[0].targets[0].mention
    assert events_of(record, "ACCUSE")[0].mode == ["disapprove"]
    assert events_of(record, "PROTEST")[0].mode == ["obstruct"]
    assert events_of(record, "SANCTION")[0].mode == ["embargo"]
    assert events_of(record, "REJECT")


def test_ce_que_veut_ou_semble_est_rapporte(extract):
    record = extract("Le ministre veut rétablir l'ordre dans la capitale. Les nouvelles taxes "
                     "semblent avoir freiné les exportations du pays.", "fr")
    veut, semblent = record.quotes
    assert veut.text == "rétablir l'ordre dans la capitale"
    assert veut.speaker.mention == "Le ministre"
    assert semblent.text == "Les nouvelles taxes semblent avoir freiné les exportations du pays"
    assert semblent.speaker is None


def test_une_citation_continue_apres_son_incise(extract):
    record = extract("« Nous avons fait notre part dans cette ville », a poursuivi le maire. "
                     "« Maintenant, c'est à eux de le faire. »", "fr")
    [quote] = record.quotes
    assert quote.cue == "a poursuivi" and quote.speaker.mention == "le maire"
    assert quote.text.endswith("c'est à eux de le faire.")


def test_une_menace_est_un_evenement_quand_quelqu_un_la_profere(extract):
    record = extract("Le plan vise à faire face aux menaces posées par les gangs.", "fr")
    assert not events_of(record, "THREATEN")
    record = extract("Le ministre a proféré des menaces contre les passeurs.", "fr")
    assert events_of(record, "THREATEN")


def test_les_actes_armes_sans_auteur_sont_ceux_de_l_etat_de_l_article(extract):
    text = ("Le gouvernement mexicain envisage des opérations militaires contre les gangs "
            "du Sinaloa. La formation des troupes a commencé la semaine dernière. Les "
            "bombardements récents contre des laboratoires clandestins ont été critiqués.")
    record = extract(text, "fr")
    training = events_of(record, "MOBILIZE")
    assert [(a.country, a.sector) for e in training for a in e.actors] == [("MEX", "MIL")]
    raids = [e for e in events_of(record, "ASSAULT") if e.trigger == "bombardements"]
    assert [(a.country, a.sector) for e in raids for a in e.actors] == [("MEX", "MIL")]


def test_le_lieu_apres_le_groupe_de_l_evenement_et_le_lieu_de_l_histoire(extract):
    text = ("Le gouvernement mexicain envisage des frappes contre les gangs au Guatemala. "
            "Le plan aurait un niveau de secret semblable aux frappes récentes contre des "
            "laboratoires dans le Pacifique. Le président a évoqué des frappes hier.")
    record = extract(text, "fr")
    places = {e.evidence[0][0]: e.place.name if e.place else None
              for e in events_of(record, "ASSAULT")}
    assert [places[k] for k in sorted(places)] == ["Guatemala", "Pacific Ocean",
                                                   "Guatemala"]


def test_un_nom_de_parole_porte_son_infinitif(extract):
    record = extract("Le ministre a défendu sa décision de fermer la frontière.", "fr")
    [quote] = record.quotes
    assert quote.text == "de fermer la frontière" and quote.cue == "décision"
    assert quote.speaker.mention == "Le ministre"


def test_a_paragraph_that_is_only_a_quotation_goes_on_with_the_speaker_before(extract):
    record = extract("« Ce projet est une catastrophe pour les agriculteurs », a déclaré la "
                     "sénatrice Marie Dupont.\n\n« Nous le combattrons dans chaque commune. "
                     "Personne ne nous a consultés. »\n\nLe texte sera voté la semaine "
                     "prochaine.", "fr")
    [quote] = record.quotes
    assert quote.direct and quote.speaker.name == "Marie Dupont"
    assert quote.text.endswith("Personne ne nous a consultés.")


def test_the_speaker_of_a_relative_clause_is_the_noun_it_refers_to(extract):
    record = extract("Le projet est soutenu par la sénatrice Marie Dupont, qui a affirmé que "
                     "l'État perdrait des milliards sans lui.", "fr")
    [quote] = record.quotes
    assert quote.text == "l'État perdrait des milliards sans lui"
    assert quote.speaker.name == "Marie Dupont"


def test_reported_words_that_open_a_quotation_end_with_it(extract):
    record = extract("Le ministre a qualifié la proposition de « honteuse et dangereuse ».",
                     "fr")
    [quote] = record.quotes
    assert not quote.direct and quote.text == "la proposition de « honteuse et dangereuse »"


def test_a_participle_of_saying_puts_no_words_before_it(extract):
    record = extract("Le sénateur a quitté la séance, affirmant que le vote était truqué. "
                     "Les patrouilles commenceront en juillet, a annoncé le ministère.", "fr")
    texts = [q.text for q in record.quotes]
    assert texts == ["le vote était truqué", "Les patrouilles commenceront en juillet"]
    assert record.quotes[1].speaker.mention.endswith("ministère")


def test_a_sentence_opened_by_a_document_is_what_the_document_says(extract):
    record = extract("Dans un sondage publié lundi, 60 % des habitants soutiennent la "
                     "nouvelle ligne de tramway.", "fr")
    [quote] = record.quotes
    assert quote.text == "60 % des habitants soutiennent la nouvelle ligne de tramway"
    assert quote.cue == "Dans"


def test_a_stray_opening_mark_loses_no_quotation_after_it(extract):
    record = extract("\"La foule scandait « Rendez-nous le parc ! » toute la nuit.\n\n« Nous ne "
                     "partirons pas tant qu'ils ne nous écouteront pas », a déclaré "
                     "l'organisatrice.", "fr")
    texts = [q.text for q in record.quotes]
    assert texts == ["Rendez-nous le parc !",
                     "Nous ne partirons pas tant qu'ils ne nous écouteront pas"]


def test_selon_inside_a_sentence_and_an_aside_after_the_words(extract):
    record = extract("La plupart des nouveaux emplois, selon le ministère du Travail, sont "
                     "allés aux jeunes de moins de trente ans. La présidente a déclaré "
                     "qu'elle ne soutiendrait pas la loi, qui a été votée en mai.", "fr")
    texts = [q.text for q in record.quotes]
    assert texts == ["La plupart des nouveaux emplois, selon le ministère du Travail, sont "
                     "allés aux jeunes de moins de trente ans",
                     "elle ne soutiendrait pas la loi"]
