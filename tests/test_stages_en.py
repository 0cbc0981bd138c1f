"""English, stage by stage, on sentences written for these tests."""

from __future__ import annotations

from tests.conftest import events_of


def test_recipient_of_an_extradition(extract):
    record = extract("Mexico extradited 29 cartel leaders to the United States.", "en")
    [event] = events_of(record, "COOPERATE")
    assert [(a.country, a.sector) for a in event.actors] == [("MEX", "GOV")]
    assert [(t.country, t.sector) for t in event.targets] == [("USA", "GOV")]


def test_passive_with_agent_and_place(extract):
    record = extract("Three gang members were arrested by the Mexican police in Tijuana.", "en")
    [event] = events_of(record, "COERCE")
    assert [(a.country, a.sector) for a in event.actors] == [("MEX", "COP")]
    assert [t.sector for t in event.targets] == ["CRM"]
    assert event.place is not None and event.place.name == "Tijuana"


def test_compound_noun_event_governed_by_a_considering_verb(extract):
    record = extract("The Pentagon is weighing drone strikes against the cartels, according "
                     "to NBC News.", "en")
    [event] = events_of(record, "ASSAULT")
    assert event.status == "considered" and "drone" in event.mode
    assert [(a.country, a.sector) for a in event.actors] == [("USA", "MIL")]
    assert [s.name for s in event.sources] == ["NBC News"]


def test_modal_negation_and_future(extract):
    cases = {"The army did not attack the camp.": "negated",
             "The army could attack the camp.": "hypothetical",
             "The army attacked the camp.": "occurred"}
    for text, expected in cases.items():
        assert [e.status for e in events_of(extract(text, "en"), "ASSAULT")] == [expected]
    record = extract("The army will deploy 2,000 troops next week.", "en")
    assert [e.status for e in events_of(record, "MOBILIZE")] == ["planned"]


def test_coordinated_actors_and_month(extract):
    record = extract("Mexico and Guatemala signed a security agreement in March.", "en",
                     published="2025-11-04")
    [event] = events_of(record, "AGREE")
    # an act two parties do together: the first named acts, towards the other
    assert [a.country for a in event.actors] == ["MEX"]
    assert [t.country for t in event.targets] == ["GTM"]
    assert event.date == "2025-03"
    record = extract("Mexico and Guatemala attacked the camp.", "en")
    [event] = events_of(record, "ASSAULT")
    assert {a.country for a in event.actors} == {"MEX", "GTM"}


def test_pronoun_resolves_to_the_person_named_before(extract):
    record = extract("President Claudia Sheinbaum rejected the plan. She also condemned "
                     "the strikes.", "en")
    [accuse] = events_of(record, "ACCUSE")
    assert accuse.actors[0].name == "Claudia Sheinbaum"


def test_quotes_and_anonymous_speakers(extract):
    record = extract("\"We will never negotiate with the cartels,\" the minister said. Two US "
                     "officials and a former senior official said the strikes could begin "
                     "within weeks.", "en")
    direct = [q for q in record.quotes if q.direct]
    reported = [q for q in record.quotes if not q.direct]
    assert direct[0].text.startswith("We will never negotiate with the cartels")
    assert direct[0].cue == "said"
    assert reported[0].text == "the strikes could begin within weeks"
    assert reported[0].speaker.anonymous and reported[0].speaker.count == 2
    assert reported[0].speaker.country == "USA"


def test_a_date_after_publication_is_not_yet_past(extract):
    record = extract("Mexico extradites ten cartel leaders to the United States by 2027.", "en",
                     published="2025-11-04")
    [event] = events_of(record, "COOPERATE")
    assert event.date == "2027" and event.status == "planned"


def test_the_dateline_stands_for_a_missing_publication_date(extract):
    record = extract("March 3, 2025 - Mexico extradited ten cartel leaders to the United "
                     "States last Tuesday.", "en", published=None)
    assert any("dateline" in w for w in record.warnings)
    [event] = events_of(record, "COOPERATE")
    assert event.date == "2025-02-25" and event.status == "occurred"


def test_undoing_verbs_negate_their_object_not_their_subject(pipeline):
    text = "The attack killed twelve soldiers. The Pentagon killed the deal."
    attack, deal = text.index("attack"), text.rindex("deal")
    assert pipeline.statuses(text, "en", [(attack, attack + 6), (deal, deal + 4)]) == [
        "occurred", "negated"]


def test_a_speaker_label_opens_a_transcript_paragraph(extract):
    record = extract("The debate went on.\nWALLACE: Will the senator attend the hearing "
                     "tomorrow?\nPENCE: The senator will not be attending the hearing.", "en")
    labelled = [q for q in record.quotes if q.cue == ":"]
    assert [q.text for q in labelled] == ["Will the senator attend the hearing tomorrow?",
                                          "The senator will not be attending the hearing."]
    assert all(q.speaker is not None for q in labelled)


def test_targets_when_no_known_actor_is_the_object(extract):
    """The target is read from what the sentence gives: the author of a rejected request,
    a party after the trigger phrase's preposition, a place a measure is aimed at."""
    cases = [
        ("The council rejected a request from the fishermen's union.", "REJECT",
         "fishermen"),
        ("The governor held talks with the striking dockworkers on Monday.", "CONSULT",
         "dockworkers"),
        ("The mayor declared a state of siege in Port Elwin.", "COERCE", "Port Elwin"),
        ("The minister condemned the attacks.", "ACCUSE", "attacks"),
    ]
    for text, kind, words in cases:
        events = events_of(extract(text, "en"), kind)
        assert events, text
        assert any(words in (t.mention or t.name) for e in events for t in e.targets), \
            (text, [(t.name, t.mention) for e in events for t in e.targets])


def test_dates_are_never_targets(extract):
    for text in ("The president granted a pardon on Wednesday.",
                 "The ministry imposed a curfew on Wednesday."):
        [event] = extract(text, "en").events
        assert event.targets == [], text


def test_an_actor_stating_its_own_intention_makes_a_promise_or_a_threat(extract):
    record = extract("The rebels said they will release the two engineers next week.", "en")
    [promise] = events_of(record, "AGREE")
    assert [a.name for a in promise.actors] == ["rebels"] and promise.status == "occurred"
    [release] = events_of(record, "CONCEDE")
    assert release.status == "planned"
    record = extract("Norland is willing to withdraw its troops from the border zone.", "en")
    assert [e.type for e in record.events if e.type == "AGREE"] == ["AGREE"]
    record = extract("The minister vowed to impose sanctions on the smugglers.", "en")
    assert events_of(record, "THREATEN")
    # a plan the article reports from someone else is no promise of the actor's
    record = extract("Analysts said the rebels will release the two engineers.", "en")
    assert not events_of(record, "AGREE")


def test_a_cooperative_act_the_actor_will_not_do_is_a_refusal(extract):
    record = extract("Norland will not lift the ban on imports from Estmark.", "en")
    [refusal] = events_of(record, "REJECT")
    assert refusal.status == "occurred"
    assert [e.status for e in events_of(record, "CONCEDE")] == ["negated"]
    # a past act that did not happen refuses nothing
    assert not events_of(extract("Norland did not lift the ban on imports.", "en"), "REJECT")


def test_what_a_speaker_says_another_must_do_is_a_demand(extract):
    record = extract("Mexico said Guatemala must lift the blockade of the port.", "en")
    [demand] = events_of(record, "REQUEST")
    assert [a.name for a in demand.actors] == ["Mexico"]
    assert [t.name for t in demand.targets] == ["Guatemala"]


def test_names_acts_and_inner_parties_as_targets(extract):
    record = extract("Theresa May will hold talks with the fishermen's union.", "en")
    [talks] = events_of(record, "CONSULT")
    assert [a.name for a in talks.actors] == ["Theresa May"]
    record = extract("The court rejected an appeal filed by the fishermen's union.", "en")
    [rejection] = events_of(record, "REJECT")
    assert any("union" in (t.mention or "") for t in rejection.targets)
    record = extract("Norland agreed to open its borders to Estmark refugees.", "en")
    assert any("refugees" in (t.mention or "") for e in events_of(record, "AGREE")
               for t in e.targets)


def test_a_shouted_headline_is_read_and_quoted_as_written(extract):
    text = "PROTESTERS MARCHED AGAINST THE NEW TAX IN LIMA\nThe march was peaceful."
    record = extract(text, "en")
    assert record.text == text
    [march] = [e for e in events_of(record, "PROTEST") if e.trigger == "MARCHED"]
    assert [a.mention for a in march.actors] == ["PROTESTERS"]
    start, end = march.trigger_span
    assert text[start:end] == "MARCHED"


def test_a_name_ends_before_the_line_break(extract):
    record = extract("Protesters marched against the new tax in Lima\nThe march was calm.",
                     "en")
    assert [p.text for p in record.places] == ["Lima"]


def test_what_a_speaker_wants_or_what_seems_is_reported(extract):
    record = extract("The senator wants to raise the minimum wage. The new tariffs appear to "
                     "have hurt exporters in the region. Mr. Ruiz appeared on a morning show.",
                     "en")
    wants, appears = [q for q in record.quotes if not q.direct]
    assert wants.text == "to raise the minimum wage" and wants.speaker.mention == "The senator"
    # a raising verb: its subject is part of what is held, and no one is named holding it
    assert appears.text == "The new tariffs appear to have hurt exporters in the region"
    assert appears.speaker is None


def test_the_reported_clause_follows_its_verb_and_runs_to_its_end(extract):
    record = extract("It was not a surprise: the governor had declared that he would veto "
                     "the bill. The aide said that she does not know if the mayor told the "
                     "police. The mayor said that the plan was \"a failure,\" compared to "
                     "what the city had promised.", "en")
    assert [q.text for q in record.quotes] == [
        "he would veto the bill",
        "she does not know if the mayor told the police",
        "the plan was \"a failure,\" compared to what the city had promised"]


def test_a_report_inside_reported_words_is_part_of_them(extract):
    record = extract("The aide told reporters she thinks the budget will pass next month.",
                     "en")
    [quote] = record.quotes
    assert quote.text == "she thinks the budget will pass next month"
    assert quote.cue == "told"


def test_a_quotation_goes_on_after_its_incise(extract):
    record = extract("\"We have done our part in this city,\" the mayor continued. \"Now it "
                     "is up to them.\"\nThe budget is \"a disgrace,\" the governor said. \"It "
                     "cuts every school in the state.\"", "en")
    continued, said = record.quotes
    assert continued.direct and continued.cue == "continued"
    assert continued.text.endswith("Now it is up to them.")
    assert continued.speaker.mention == "the mayor"
    assert said.text.startswith("The budget is") and said.text.endswith("in the state.")
    assert said.speaker.mention == "the governor"


def test_demonstrate_that_is_no_protest(extract):
    assert not events_of(extract("The study demonstrates that the plan failed.", "en"),
                         "PROTEST")
    assert events_of(extract("Thousands demonstrated in the capital.", "en"), "PROTEST")


def test_actors_of_acts_named_by_nouns_and_light_verbs(extract):
    record = extract("A Mexican airstrike killed four gunmen near the border.", "en")
    assert all([a.country for a in e.actors] == ["MEX"] for e in events_of(record, "ASSAULT"))
    record = extract("A group of retired teachers staged a protest outside parliament.", "en")
    [protest] = events_of(record, "PROTEST")
    assert any("teachers" in (a.mention or "") for a in protest.actors)
    record = extract("The UN withdrew peacekeepers from the Golan Heights.", "en")
    [withdrawal] = [e for e in record.events if e.trigger.startswith("withdrew")]
    assert any("Golan" in (t.mention or t.name) for t in withdrawal.targets)


def test_armed_acts_beyond_weapons(extract):
    """Cyber attacks, blockades, human shields and capturing a town are acts of force."""
    for text in ("Hackers from Norland launched cyber attacks on Estmark's banks.",
                 "The navy imposed a blockade on the port of Calder.",
                 "The militia held villagers as human shields.",
                 "Rebels captured the town of Orvel on Monday."):
        assert events_of(extract(text, "en"), "ASSAULT"), text


def test_support_for_acts_and_owners_of_acts(extract):
    record = extract("The agency supports the Estmark government's plans to close the camps.",
                     "en")
    [support] = events_of(record, "SUPPORT")
    assert any("Estmark" in (t.mention or t.name) for t in support.targets)
    record = extract("The charity flew 13 tons of medicine into Calder.", "en")
    assert events_of(record, "AID")


def test_targets_hung_on_the_verb_of_a_noun_event(extract):
    record = extract("Norland launched cyber attacks against Estmark last year.", "en")
    [attack] = events_of(record, "ASSAULT")
    assert any("Estmark" in (t.mention or t.name) for t in attack.targets)
    record = extract("The governor imposed a curfew in parts of the old town.", "en")
    [curfew] = events_of(record, "COERCE")
    assert any("parts" in (t.mention or "") for t in curfew.targets)
    record = extract("The airport refused to allow two Norland airlines to land.", "en")
    [refusal] = events_of(record, "REJECT")
    assert any("airlines" in (t.mention or "") for t in refusal.targets)


def test_participles_and_counted_objects(extract):
    record = extract("Warplanes from Norland pounded the camp, killing five fighters.", "en")
    killing = [e for e in events_of(record, "ASSAULT") if e.trigger == "killing"]
    assert killing and killing[0].actors
    record = extract("The museum returned dozens of stolen statues to the Calder embassy.",
                     "en")
    assert any("embassy" in (t.mention or "") for e in record.events for t in e.targets)
    record = extract("The council passed a resolution criticizing the mayor of Orvel.", "en")
    [criticism] = events_of(record, "ACCUSE")
    assert any("council" in (a.mention or "") for a in criticism.actors)


def test_a_quote_ending_its_sentence_does_not_take_the_next_attribution(extract):
    record = extract("\"We have done our part in this city,\" the mayor continued. \"Now it "
                     "is up to them.\" The budget is \"a disgrace,\" the governor said. \"It "
                     "cuts every school in the state.\"", "en")
    mayor, governor = record.quotes
    assert mayor.text.endswith("Now it is up to them.") and mayor.speaker.mention == "the mayor"
    assert governor.text.startswith("The budget is")
    assert governor.text.endswith("in the state.")
    assert governor.speaker.mention == "the governor"


def test_a_noun_of_saying_carries_its_clause(extract):
    record = extract("The union answered with complaints that the schedule was unfair to "
                     "drivers.", "en")
    [quote] = record.quotes
    assert quote.text == "the schedule was unfair to drivers" and quote.cue == "complaints"
    assert quote.speaker.mention == "The union"


def test_words_around_an_incise_and_a_connective_before_it(extract):
    record = extract("The argument would be aided, Devine said, by the upcoming primary "
                     "calendar in the south. Still, she said, the city must cut its spending "
                     "next year. Six in ten voters said the mayor is honest, and half said "
                     "the same of her rival.", "en")
    texts = [q.text for q in record.quotes]
    assert texts == [
        "The argument would be aided, Devine said, by the upcoming primary calendar in the "
        "south", "the city must cut its spending next year", "the mayor is honest",
        "the same of her rival"]


def test_a_relative_clause_of_saying_includes_what_it_refers_to(extract):
    record = extract("The city built the lawsuit that the mayor announced last week.", "en")
    [quote] = record.quotes
    assert quote.text == "the lawsuit that the mayor announced"
    assert quote.speaker.mention == "the mayor"


def test_a_dateline_names_no_actor(extract):
    record = extract("CALDER, Norland -- Rebels attacked an army post near the border.", "en")
    [attack] = events_of(record, "ASSAULT")
    assert all("CALDER" not in (a.mention or "") for a in attack.actors + attack.targets)


def test_a_paragraph_that_is_only_a_quotation_goes_on_with_the_speaker_before(extract):
    record = extract("“The plan is a disaster for farmers,” Senator Maria Olsen said on "
                     "Tuesday.\n\n“We will fight it in every county. Nobody asked us "
                     "before it was written.”\n\nThe bill goes to a vote next week.", "en")
    [quote] = record.quotes
    assert quote.direct and quote.speaker.name == "Maria Olsen"
    assert quote.text.startswith("The plan is a disaster")
    assert quote.text.endswith("before it was written.")
    assert len(quote.fragments) == 2


def test_a_stance_with_a_quotation_inside_is_one_reported_quote(extract):
    record = extract("Senator Olsen decried the party for “turning its back” on working "
                     "families.", "en")
    [quote] = record.quotes
    assert not quote.direct and quote.cue == "decried"
    assert quote.text == "the party for “turning its back” on working families"


def test_the_speaker_of_a_relative_clause_is_the_noun_it_refers_to(extract):
    record = extract("The plan was backed by Senator Maria Olsen, who said that the state "
                     "would lose billions without it.", "en")
    [quote] = record.quotes
    assert quote.text == "the state would lose billions without it"
    assert quote.speaker.name == "Maria Olsen"


def test_reported_words_that_open_a_quotation_end_with_it(extract):
    record = extract("Senator Olsen called the statement “offensive and outlandish.” The "
                     "vote is next week.", "en")
    [quote] = record.quotes
    assert not quote.direct and quote.text == "the statement “offensive and outlandish.”"


def test_a_markup_attribute_value_is_not_a_quotation(extract):
    record = extract('Smith posted a reply. <tweet id="7479412400" datetime="2016-06-28">The '
                     'vote is a disgrace</tweet>. “It will not pass the Senate this year,” '
                     'Smith said.', "en")
    assert [q.text for q in record.quotes] == ["It will not pass the Senate this year,"]


def test_a_rubric_before_a_colon_names_no_speaker(extract):
    record = extract("Still to come: results in Ohio, Missouri and Illinois.\nOlsen: Farm bill "
                     "is a disaster for the whole state.", "en")
    assert [(q.text, q.speaker.name) for q in record.quotes] == [
        ("Farm bill is a disaster for the whole state.", "Olsen")]


def test_a_stray_opening_mark_loses_no_quotation_after_it(extract):
    # a paragraph opened by a straight mark never closed, then one opened by a curly mark:
    # no quote runs from the first into the second, and the quotation inside still stands
    record = extract("\"The crowd was chanting “We want the park back!” all night.\n\n"
                     "“We are not leaving until they listen,” the organiser said.", "en")
    texts = [q.text for q in record.quotes]
    assert texts == ["We want the park back!", "We are not leaving until they listen,"]


def test_an_aside_on_the_last_noun_is_not_the_speakers_words(extract):
    record = extract("The governor said she would not support the bill, which passed the "
                     "house in May. He said he backed the mayor, the only candidate in the "
                     "race.", "en")
    texts = [q.text for q in record.quotes]
    assert texts == ["she would not support the bill", "he backed the mayor"]


def test_a_verb_in_another_tense_goes_on_with_the_words_reported(extract):
    record = extract("Officers say the driver posed a threat and refused to stop the car. "
                     "The mayor said the plan was dead and urged voters to stay home.", "en")
    texts = [q.text for q in record.quotes]
    assert texts[0] == "the driver posed a threat and refused to stop the car"
    assert "the plan was dead" in texts and "voters to stay home" in texts


def test_two_quotations_are_one_only_across_a_bare_incise(extract):
    record = extract("\"We are ready,\" said Ana Ruiz, the head of the union, who also said "
                     "that the strike would last a week. \"Nobody wants this.\"\n"
                     "\"The talks failed,\" Mr. Hale said. But he added, \"We will try "
                     "again next month.\"\n"
                     "\"We have waited too long,\" Ms. Cole said, \"and the city knows it.\"",
                     "en")
    texts = [q.text for q in record.quotes if q.direct]
    assert texts[:2] == ["We are ready,", "Nobody wants this."]
    assert "The talks failed," in texts and "We will try again next month." in texts
    assert texts[-1].startswith("We have waited too long,") and \
        texts[-1].endswith("and the city knows it.")


def test_according_to_inside_a_sentence_gives_the_whole_sentence(extract):
    record = extract("Most of the new jobs, according to the labour ministry, went to "
                     "workers under thirty.", "en")
    [quote] = record.quotes
    assert quote.text == ("Most of the new jobs, according to the labour ministry, went to "
                          "workers under thirty")
    assert quote.cue == "according to" and quote.speaker.name == "labour ministry"
    assert len(quote.fragments) == 2


def test_a_participle_of_saying_puts_no_words_before_it(extract):
    # the clause before "..., saying" is the writer's account of the speaker's act
    record = extract("The senator left the hearing early, saying the vote was rigged. "
                     "The strikes could begin within weeks, two officials said.", "en")
    texts = [q.text for q in record.quotes]
    assert texts == ["the vote was rigged", "The strikes could begin within weeks"]


def test_seeing_is_a_view_only_as_something_or_that_something_is_so(extract):
    record = extract("Many voters see the new stadium as wasted money. The mayor went to "
                     "see his ailing father. Analysts saw the governor could win the state.",
                     "en")
    texts = [q.text for q in record.quotes]
    assert texts == ["the new stadium as wasted money", "the governor could win the state"]


def test_a_quotation_cut_mid_sentence_is_not_joined_to_the_next(extract):
    # the first quotation ends without its own stop and the sentence goes on: the words
    # after it are not an incise, so the next quotation is not its second half
    record = extract("\"You pushed the staff to the limit\" to raise the share price, "
                     "Ms. Cole said in the hearing. \"You blamed the clerks for it.\"", "en")
    assert not any(q.direct and "limit" in q.text and "clerks" in q.text
                   for q in record.quotes)


def test_a_participle_after_the_incise_is_the_speakers_next_act(extract):
    record = extract("The plan was meant to raise the share price, she said, pointing to the "
                     "sales targets.", "en")
    assert record.quotes[0].text == "The plan was meant to raise the share price"
    assert record.quotes[0].cue == "said"


def test_an_auxiliary_inside_a_quotation_is_not_part_of_the_cue(extract):
    record = extract("\"If it cannot hit its neighbours yet, it will at some point,\" said "
                     "Ana Ruiz, a physicist at the institute.", "en")
    [quote] = record.quotes
    assert quote.cue == "said"


def test_a_sentence_opened_by_a_document_is_what_the_document_says(extract):
    record = extract("In a city council survey released Monday, 60 percent of residents "
                     "backed the new tram line. In the afternoon, the mayor left the city.",
                     "en")
    [quote] = record.quotes
    assert quote.text == "60 percent of residents backed the new tram line"
    assert quote.cue == "In" and quote.speaker.name == "city council"
    record = extract("In a statement released Monday, the mayor said the tram line would "
                     "open in May.", "en")
    [quote] = record.quotes
    assert quote.cue == "said" and quote.text == "the tram line would open in May"


def test_rebuffing_is_a_stance_on_what_is_rebuffed(extract):
    record = extract("The governor rebuffed calls for a recount of the ballots.", "en")
    [quote] = record.quotes
    assert quote.text == "calls for a recount of the ballots" and quote.cue == "rebuffed"
