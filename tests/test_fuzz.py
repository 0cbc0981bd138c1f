"""Property tests: whatever the text, only relato's documented errors escape, every offset
points into the text, and every record is valid against the JSON Schema."""

from __future__ import annotations

import os

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relato.errors import RelatoError
from relato.schema import record_json_schema
from tests.conftest import TRIED

EXAMPLES = int(os.environ.get("RELATO_FUZZ_EXAMPLES", "10000"))
VALIDATOR = jsonschema.Draft202012Validator(record_json_schema())

# pieces that exercise quotes, incises, dashes, cues, dates, names and odd characters
PIECES = {
    "fr": ["« ", " »", "“", "”", '"', "— ", "– ", ", a-t-il déclaré, ", " selon ",
           "d'après des responsables américains", "Le Mexique a extradé ", "la présidente ",
           "Claudia Sheinbaum", " envisage des frappes contre les cartels", " mardi dernier",
           " le 3 mai 2025", " n'a pas attaqué ", "\n", "\n\n", ". ", "? ", "Il a dit que ",
           "l'armée", " à Tijuana", "deux anciens hauts responsables", "Washington"],
    "en": ["\u201c", "\u201d", '"', "'", " — ", ", he said, ", " according to ",
           "two senior officials", "The Pentagon is weighing strikes against ", "cartels",
           " last Tuesday", " in February", " did not attack ", "\n", "\n\n", ". ",
           "Mexico extradited ", " to the United States", "She said that ", "NBC News",
           " will deploy troops", "(AP) -- ", "WASHINGTON"],
    "es": ["«", "»", "—", "– ", ", dijo, ", " según ", "fuentes cercanas a la investigación",
           "El Ejército detuvo a ", "integrantes del Cártel de Sinaloa", " el pasado martes",
           " hace dos semanas", " no atacó ", "\n", "\n\n", ". ", "¿", "?", "afirmó que ",
           "Estados Unidos", " contempla ataques en México", "la Guardia Nacional"],
}
ODD = ["\u200b", "\u202e", "\ufeff", "🚩", "e\u0301", "𝔘", "\x00", "\t", "<script>", "&amp;",
       "http://example.org/a?b=c", "1234567", "ßẞ", "İ", "\u2028", "ﬁ", "　"]


@st.composite
def article(draw):
    lang = draw(st.sampled_from(["fr", "en", "es"]))
    parts = draw(st.lists(st.one_of(st.sampled_from(PIECES[lang]), st.sampled_from(ODD),
                                    st.text(max_size=12)), min_size=1, max_size=30))
    published = draw(st.one_of(st.none(), st.dates().map(lambda d: d.isoformat())))
    return {"id": "fuzz", "lang": lang, "published": published, "text": "".join(parts)}


def _check_spans(record) -> None:
    text = record.text
    n = len(text)

    def inside(span):
        assert span is None or (0 <= span[0] <= span[1] <= n), (span, n)

    for event in record.events:
        inside(event.trigger_span)
        if event.trigger_span:
            assert text[event.trigger_span[0]:event.trigger_span[1]] == event.trigger
        for span in event.evidence + [event.status_span, event.date_span]:
            inside(span)
        for who in event.actors + event.targets + event.sources:
            inside(who.span)
            if who.span and who.mention is not None:
                assert text[who.span[0]:who.span[1]] == who.mention
    for quote in record.quotes:
        inside(quote.span)
        for span in quote.fragments or []:
            inside(span)
    for mention in record.entities + record.places:
        inside(mention.span)
        assert text[mention.span[0]:mention.span[1]] == mention.text


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(article())
def test_anything_in_gives_a_valid_record_or_a_documented_error(pipeline, item):
    TRIED["test_fuzz (pipeline)"] = TRIED.get("test_fuzz (pipeline)", 0) + 1
    try:
        record = pipeline.process(item)
    except RelatoError:
        return
    _check_spans(record)
    errors = list(VALIDATOR.iter_errors(record.model_dump(mode="json")))
    assert not errors, errors[0].message
