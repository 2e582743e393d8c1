"""Cleaning on real text: each furniture rule on the seeds, negatives, BBC and 20 Newsgroups, offsets."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from nlptools.cleaning import DEFAULT_RULES, RULES, Cleaner, Cut, clean_corpus, clean_document, parse_date
from nlptools.corpus import Corpus
from nlptools.document import CleanDocument, Document
from nlptools.errors import ParameterError
from nlptools.io import read_text_file

SEED_IDS = {
    "korea_train": "000_6a56d1b123cea368",
    "munitions": "001_5da4c667af5338e2",
    "herald": "002_71db2a8b7660cb1e",
    "dated": "003_0c6a044355c6b245",
    "engineers": "004_7e81adea1b9a7044",
}


@pytest.fixture(scope="module")
def seeds(seeds_dir) -> dict[str, Document]:
    docs = {d.id: d for d in Corpus.from_path(seeds_dir)}
    return {k: docs[v] for k, v in SEED_IDS.items()}


def check_invariants(clean: CleanDocument) -> None:
    """Offsets round-trip; sentences ordered, non-overlapping, trimmed; removals disjoint from sentences."""
    text = clean.document.text
    last_end = 0
    for i, s in enumerate(clean.sentences):
        assert s.index == i
        assert s.document == clean.document.id
        assert 0 <= last_end <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip()
        last_end = s.end
    paragraphs = [s.paragraph for s in clean.sentences]
    assert paragraphs == sorted(paragraphs)
    for r in clean.removed:
        assert text[r.start : r.end] == r.text and r.text.strip() == r.text and r.text
        assert r.rule in RULES  # a rule's name is the label it records
        assert r.rule in {
            "metadata-header",
            "metadata-prefix",
            "signature",
            "quoted-reply",
            "byline",
            "repeated-headline",
            "photo-credit",
            "caption",
            "agency-tag",
            "dateline",
            "source-line",
            "tag-line",
        }
        for s in clean.sentences:
            assert r.end <= s.start or s.end <= r.start, (r, s)
    spans = [(r.start, r.end) for r in clean.removed]
    assert spans == sorted(spans)


def removed(clean: CleanDocument) -> list[tuple[str, str]]:
    return [(r.rule, r.text) for r in clean.removed]


# --------------------------------------------------------------------------- each rule on the seeds


def test_byline(seeds):
    clean = clean_document(seeds["engineers"], rules=["byline"])
    assert removed(clean) == [("byline", "by Sead Dedovic")]
    assert all("Dedovic" not in s.text for s in clean.sentences)


def test_photo_credit_alone_and_after_a_label(seeds):
    clean = clean_document(seeds["engineers"], rules=["photo-credit"])
    assert removed(clean) == [
        ("photo-credit", "© Chung Sung-Jun/Getty Images News"),
        ("photo-credit", "Joe Biden© Win McNamee/Getty Images News"),
        ("photo-credit", "Vladimir Putin© Omer Messinger / Getty Images"),
    ]


def test_caption_label_on_a_credit(seeds):
    # the lone "Joe Biden" line sits on a credit line: a caption, found once the credit is gone
    clean = clean_document(seeds["engineers"], rules=["photo-credit", "caption"])
    captions = [r.text for r in clean.removed if r.rule == "caption"]
    assert captions == ["Joe Biden", "Vladimir Putin"]
    # ... while "Joe Biden and his ideas", a heading, stays
    assert "Joe Biden and his ideas" in [s.text for s in clean.sentences if s.heading]
    # the captions alone: the labels go (found by the credits), the credits stay
    only = clean_document(seeds["engineers"], rules=["caption"])
    assert removed(only) == [("caption", "Joe Biden"), ("caption", "Vladimir Putin")]
    assert any("Getty Images" in s.text for s in only.sentences)


def test_photo_caption_paragraph(seeds):
    # a paragraph of prose ending with a credit is a caption, not a credit
    assert removed(clean_document(seeds["herald"], rules=["photo-credit"])) == []
    clean = clean_document(seeds["herald"], rules=["caption"])
    (cut,) = clean.removed
    assert cut.rule == "caption"
    assert cut.text.startswith("North Korean soldiers carry a fellow soldier apparently injured")
    assert "PHOTO: SOUTH KOREAN JOINT CHIEFS OF STAFF" in cut.text
    assert all("PHOTO" not in s.text for s in clean.sentences)


def test_caption_start_label():
    def doc(label):
        text = (
            f"Kim meets Putin\n\nThe leaders met. They talked.\n\n{label}: Kim and Putin shake hands\n\nMore talks.\n"
        )
        return Document("c", text)

    for label in ("PICTURED", "Caption"):
        expected = [("caption", f"{label}: Kim and Putin shake hands")]
        assert removed(clean_document(doc(label))) == removed(clean_document(doc(label), rules=["caption"])) == expected
    # "PHOTO:" reads as a credit; a selected label removes what the full pipeline labels so
    assert removed(clean_document(doc("PHOTO"))) == [("photo-credit", "PHOTO: Kim and Putin shake hands")]
    assert removed(clean_document(doc("PHOTO"), rules=["caption"])) == []


def test_source_line(seeds):
    clean = clean_document(seeds["herald"], rules=["source-line"])
    assert removed(clean) == [("source-line", "Asia News Network/The Korea Herald")]
    assert removed(clean_document(seeds["herald"], rules=["tag-line"])) == []


def test_agency_tag_glued_to_a_paragraph(seeds):
    doc = seeds["korea_train"]
    clean = clean_document(doc, rules=["agency-tag"])
    assert removed(clean) == [("agency-tag", "AFP News")]
    (s,) = [s for s in clean.sentences if "armoured train to Vladivostok" in s.text and "unnamed" in s.text]
    assert s.text.endswith("via an armoured train to Vladivostok.")
    assert doc.text[s.end : s.end + 9] == " AFP News"


def test_tag_line(seeds):
    clean = clean_document(seeds["engineers"], rules=["tag-line"])
    assert removed(clean) == [("tag-line", "Ukraine Vladimir Putin")]
    assert removed(clean_document(seeds["engineers"], rules=["source-line"])) == []
    assert (
        clean.sentences[-1].text
        == "It is necessary to take smart steps in the coming period in order to make this war a thing of the past."
    )


def test_metadata_prefix_records_the_date(seeds):
    doc = seeds["dated"]
    assert doc.text.startswith(" date 2023-11-14 Russian President")
    clean = clean_document(doc, rules=["metadata-prefix"])
    assert removed(clean) == [("metadata-prefix", "date 2023-11-14")]
    assert clean.date == "2023-11-14"
    assert clean.sentences[0].text.startswith("Russian President Vladimir Putin has accepted an invitation")
    assert clean_document(doc, rules=()).date is None


def test_repeated_headline(seeds):
    clean = clean_document(seeds["engineers"], rules=["repeated-headline"])
    headline = "North Korea is sending engineering troops to the occupied territory of Ukraine"
    assert removed(clean) == [("repeated-headline", headline)]
    assert clean.title == headline
    assert [s.text for s in clean.sentences].count(headline) == 1
    assert clean.sentences[0].heading and clean.sentences[0].text == headline


def test_dateline(seeds):
    clean = clean_document(seeds["herald"], rules=["dateline"])
    assert removed(clean) == [("dateline", "SEOUL –")]
    assert clean.sentences[0].text.startswith("Arrangements are currently being made by Pyongyang and Moscow")


def test_headings_stay_headings(seeds):
    heads = {k: [s.text for s in clean_document(d).sentences if s.heading] for k, d in seeds.items()}
    assert heads["korea_train"][1:] == ["Travelling by train", "Bread and bullets"]
    assert heads["munitions"] == ["On a Mission to Russia?", "Russia trip will be Kim's 1st foreign visit since 2019"]
    assert heads["engineers"] == [
        "North Korea is sending engineering troops to the occupied territory of Ukraine",
        "Joe Biden and his ideas",
        "Vladimir Putin needs partnerships",
    ]
    assert heads["herald"] == [] and heads["dated"] == []
    clean = clean_document(seeds["korea_train"])
    assert "Bread and bullets" not in clean.clean_text()  # headings are not body text
    assert all(not s.heading for p in clean.paragraphs() for s in p)


def test_default_pipeline_on_every_seed(seeds):
    expected = {
        "korea_train": [("agency-tag", "AFP News")],
        "munitions": [],
        "herald": ["dateline", "caption", "source-line"],
        "dated": [("metadata-prefix", "date 2023-11-14")],
        "engineers": [
            "byline",
            "repeated-headline",
            "photo-credit",
            "caption",
            "photo-credit",
            "caption",
            "photo-credit",
            "tag-line",
        ],
    }
    furniture = [
        "Sead Dedovic",
        "©",
        "Getty Images",
        "Win McNamee",
        "PHOTO:",
        "Asia News Network",
        "AFP News",
        "Ukraine Vladimir Putin",
        "date 2023-11-14",
        "SEOUL –",
    ]
    for key, doc in seeds.items():
        clean = clean_document(doc)
        check_invariants(clean)
        got = removed(clean)
        want = expected[key]
        assert (got if want and isinstance(want[0], tuple) else [r for r, _ in got]) == want, key
        for s in clean.sentences:
            for f in furniture:
                assert f not in s.text, (key, f, s.text)
    assert clean_document(seeds["dated"]).date == "2023-11-14"


def test_every_seed_sentence_round_trips(seeds):
    total = 0
    for doc in seeds.values():
        clean = clean_document(doc)
        check_invariants(clean)
        total += len(clean.sentences)
        # nothing is lost silently: every non-blank character is in a sentence or a removed span
        covered = bytearray(len(doc.text))
        for span in [*clean.sentences, *clean.removed]:
            covered[span.start : span.end] = b"\x01" * (span.end - span.start)
        lost = "".join(ch for ch, c in zip(doc.text, covered) if not c and not ch.isspace())
        assert lost == "", (doc.id, lost[:80])
    assert total > 100


# --------------------------------------------------------------------------- negatives: real sentences stay


@pytest.mark.parametrize(
    "line",
    [
        "By the end of the year, the two leaders will meet again.",
        "By Tuesday, Kim had left the city.",
        "By contrast, Russia's economy grew by 3.6% last year.",
        "The photo agency Getty Images said it had withdrawn the picture.",
        "A photographer for Getty Images was among those detained, Reuters reported.",
        "He told the BBC that the talks had failed.",
        "Date night is back as restaurants fill up again.",
        "Photographs of the summit were released by KCNA on Thursday.",
        "North Korea's KCNA news agency said the test was a success.",
        "Kim Jong Un - who has ruled since 2011 - arrived on Tuesday.",
    ],
)
def test_real_sentences_are_not_furniture(line):
    text = f"Summit ends\n\nThe leaders met in Vladivostok. They talked for hours.\n\n{line}\n\nTalks will resume next month, officials said.\n"
    clean = clean_document(Document("n", text))
    check_invariants(clean)
    assert removed(clean) == []
    assert line in " ".join(s.text for s in clean.body)


@pytest.mark.parametrize(
    "line",
    [
        "The studio said a notice reading © Disney appears on every frame, the court heard.",
        "The show opens on Friday. Photo: the gallery says the print sold for £2m.",
        "Dated 14 November 2023, the memo warned of shortages.",
    ],
)
def test_prose_with_credit_or_date_words_is_kept(line):
    text = f"Memo leak\n\n{line}\n\nMore text follows here. It is fine.\n"
    clean = clean_document(Document("p", text))
    check_invariants(clean)
    assert removed(clean) == []
    assert line in " ".join(s.text for s in clean.body)


def test_markdown_rule_is_not_a_signature():
    text = (
        "Essay\n\nSome text here, in a first part. It is fine.\n\n---\n\n"
        "The second half of the essay continues after the rule, and it is long enough to be a paragraph of prose.\n"
    )
    clean = clean_document(Document("md", text))
    assert removed(clean) == []
    assert clean.body[-1].text.startswith("The second half of the essay")
    mail = "Some text here. It is fine.\n\n---\nJane Roe, jane@example.org\nAcme Corp.\n"
    assert [r for r, _ in removed(clean_document(Document("sig", mail)))] == ["signature"] * 3


def test_headline_words_inside_a_body_sentence_are_kept():
    text = "Kim meets Putin\n\nKim meets Putin in Vladivostok for the first time. Talks followed.\n"
    clean = clean_document(Document("h", text))
    assert removed(clean) == []
    assert clean.body[0].text == "Kim meets Putin in Vladivostok for the first time."


def test_bbc_sample_loses_only_trailing_furniture(data_dir):
    root = data_dir / "bbc-news-summary" / "articles"
    files = sorted(root.glob("*/*.txt"))
    if not files:
        pytest.skip("BBC articles not present")
    sample = files[::8]  # every eighth article: about 190, all five categories
    n_removed = 0
    for path in sample:
        text, _ = read_text_file(path)
        doc = Document(path.stem, text)
        clean = clean_document(doc)
        check_invariants(clean)
        headline = text.split("\n", 1)[0].strip()
        assert clean.title == headline, path
        assert clean.sentences[0].heading and clean.sentences[0].text == headline
        for r in clean.removed:
            # only short lines after the last prose sentence go (results tables, "X is out now")
            assert r.rule in ("tag-line", "source-line"), (path, r)
            assert r.start > max(s.end for s in clean.body), (path, r)
            n_removed += 1
        # nothing but white space is lost
        covered = bytearray(len(text))
        for span in [*clean.sentences, *clean.removed]:
            covered[span.start : span.end] = b"\x01" * (span.end - span.start)
        assert all(c or ch.isspace() for ch, c in zip(text, covered)), path
    assert n_removed <= len(sample) // 20


def test_bbc_list_ending_is_not_cut_as_tag_lines(data_dir):
    """A results list ends an article: its last items are content, not tag lines."""
    path = data_dir / "bbc-news-summary" / "articles" / "sport" / "476.txt"
    if not path.exists():
        pytest.skip(f"{path} missing")
    text, _ = read_text_file(path)
    clean = clean_document(Document("476", text))
    assert removed(clean) == []
    assert clean.sentences[-1].text == "32 Iveta Benesova (Czech Republic)"


# --------------------------------------------------------------------------- 20 Newsgroups: headers, quotes, signatures


def _post(data_dir: Path, rel: str) -> Document:
    path = data_dir / "20newsgroups-bydate" / "20news-bydate-train" / rel
    if not path.exists():
        pytest.skip(f"{path} missing")
    text, _ = read_text_file(path)
    return Document(rel, text)


def test_newsgroup_post_header_quote_and_signature(data_dir):
    doc = _post(data_dir, "alt.atheism/51121")
    clean = clean_document(doc)
    check_invariants(clean)
    rules = [r for r, _ in removed(clean)]
    assert rules == ["metadata-header"] * 5 + ["quoted-reply"] * 6 + ["signature"] * 3
    assert clean.title == '[soc.motss, et al.] "Princeton axes matching funds for Boy Scouts"'
    assert [s.text for s in clean.sentences] == [
        "Can somebody reconcile the apparent contradiction between [1] and [2]?"
    ]


def test_newsgroup_post_with_nested_quotes(data_dir):
    doc = _post(data_dir, "alt.atheism/51141")
    clean = clean_document(doc)
    check_invariants(clean)
    assert clean.title == "Speculations"
    assert [r for r, _ in removed(clean)].count("quoted-reply") == 9
    assert removed(clean)[-2:] == [
        ("signature", "--"),
        ("signature", "Doug Graham         dgraham@bnr.ca         My opinions are my own."),
    ]
    body = [s.text for s in clean.sentences]
    assert body[0] == "This is a classic example of excessive faith in reason."
    assert not clean.sentences[0].heading  # the first line of a wrapped paragraph is not a headline
    assert body[-1] == "Charlie Wingate can flibble glop\nork groink, and he isn't even God."


def test_newsgroup_header_with_dotted_key(data_dir):
    """``Article-I.D.:`` is a header line too: the block must still be recognised."""
    doc = _post(data_dir, "rec.sport.baseball/102688")
    clean = clean_document(doc)
    rules = [r for r, _ in removed(clean)]
    assert rules[:6] == ["metadata-header"] * 6
    assert clean.title == "quick way to tell if your local beat writer is dumb."
    assert all(not s.text.startswith(("From:", "Subject:", "Article-I.D.", "Lines:")) for s in clean.sentences)


def test_newsgroup_sample_never_leaks_headers_or_quotes(data_dir):
    root = data_dir / "20newsgroups-bydate" / "20news-bydate-train"
    files = sorted(p for p in root.glob("*/*") if p.is_file())
    if not files:
        pytest.skip("20 Newsgroups not present")
    sample = random.Random(0).sample(files, 150)
    for path in sample:
        text, _ = read_text_file(path)
        clean = clean_document(Document(path.name, text))
        check_invariants(clean)
        for s in clean.sentences:
            assert not s.text.startswith(("From:", "Subject:", "Organization:", "Lines:")), (path, s.text)
            assert not s.text.startswith(">"), (path, s.text)


def test_mail_header_date_and_subject():
    text = (
        "From: ann@example.org (Ann Lee)\n"
        "Subject: Re: Re: Summit in Vladivostok\n"
        "Date: Tue, 14 Nov 2023 10:00:00 GMT\n"
        "\n"
        "The summit ended on Tuesday. Both sides claimed success.\n"
    )
    clean = clean_document(Document("m", text))
    assert [r for r, _ in removed(clean)] == ["metadata-header"] * 3
    assert clean.title == "Summit in Vladivostok"
    assert clean.date == "2023-11-14"
    assert [s.text for s in clean.sentences] == ["The summit ended on Tuesday.", "Both sides claimed success."]


# --------------------------------------------------------------------------- API


def test_parse_date_forms():
    assert parse_date("2023-11-14") == "2023-11-14"
    assert parse_date("14 November 2023") == "2023-11-14"
    assert parse_date("Nov 14, 2023") == "2023-11-14"
    assert parse_date("Sept. 3, 2021") == "2021-09-03"
    assert parse_date("2023-02-30") is None
    assert parse_date("no date here") is None


def test_unknown_rule_is_a_parameter_error_naming_it():
    with pytest.raises(ParameterError, match="rules: unknown cleaning rule 'bylines'"):
        clean_document(Document("x", "Text."), rules=["bylines"])


def test_rules_table_and_custom_rule(seeds):
    assert tuple(RULES) == DEFAULT_RULES
    assert set(RULES) == {
        "metadata-header",
        "metadata-prefix",
        "signature",
        "quoted-reply",
        "byline",
        "repeated-headline",
        "photo-credit",
        "caption",
        "agency-tag",
        "dateline",
        "source-line",
        "tag-line",
    }

    def drop_travel(page):
        return [Cut(i, *page.spans[i], "travel") for i in page.kept_lines() if page.line(i) == "Travelling by train"]

    clean = clean_document(seeds["korea_train"], rules=[drop_travel])
    assert [(r.rule, r.text) for r in clean.removed] == [("travel", "Travelling by train")]


def test_a_rule_name_is_the_label_it_records(seeds):
    for doc in seeds.values():
        for name in RULES:
            assert {r.rule for r in clean_document(doc, rules=[name]).removed} <= {name}, (doc.id, name)


def test_source_and_tag_lines_are_judged_together():
    doc = Document("t", "Kim meets Putin\n\nThe leaders met. They talked.\n\nUkraine Vladimir Putin\nAFP News\n")
    both = [("tag-line", "Ukraine Vladimir Putin"), ("source-line", "AFP News")]
    assert removed(clean_document(doc)) == both
    assert removed(clean_document(doc, rules=["source-line", "tag-line"])) == both
    assert removed(clean_document(doc, rules=["trailing"])) == both  # the former name of the pair
    # one label selected: the other line stays, and the selected one is judged as it was
    assert removed(clean_document(doc, rules=["tag-line"])) == both[:1]
    assert removed(clean_document(doc, rules=["source-line"])) == both[1:]


def test_rule_order_matters_as_the_table_says():
    # an agency tag left on the last paragraph hides the prose the tag line must follow
    doc = Document("x", "Kim meets Putin\n\nThe leaders met on Tuesday in the east. AFP\n\nUkraine Vladimir Putin\n")
    assert removed(clean_document(doc)) == [("agency-tag", "AFP"), ("tag-line", "Ukraine Vladimir Putin")]
    assert removed(clean_document(doc, rules=["tag-line", "agency-tag"])) == [("agency-tag", "AFP")]
    # a byline left above the dateline makes it a wrapped line, not a paragraph's opening
    doc = Document("x", "Kim meets Putin\n\nby Ann Lee\nSEOUL - The leaders met. They talked.\n")
    assert removed(clean_document(doc)) == [("byline", "by Ann Lee"), ("dateline", "SEOUL -")]
    assert removed(clean_document(doc, rules=["dateline", "byline"])) == [("byline", "by Ann Lee")]


def test_a_rule_listed_twice_runs_once(monkeypatch, seeds):
    import nlptools.cleaning as cleaning

    calls = []

    def tagged(page):
        calls.append(page)
        return []

    monkeypatch.setitem(cleaning.RULES, "source-line", tagged)
    monkeypatch.setitem(cleaning.RULES, "tag-line", tagged)
    clean_document(seeds["herald"])
    clean_document(seeds["herald"], rules=["tag-line", "byline", "source-line"])
    assert len(calls) == 2


def test_no_rules_only_segments(seeds):
    clean = clean_document(seeds["engineers"], rules=())
    assert clean.removed == ()
    check_invariants(clean)
    assert any("Getty Images" in s.text for s in clean.sentences)


def test_cleaner_and_clean_corpus_are_lazy_and_re_iterable(seeds_dir):
    corpus = Corpus.from_path(seeds_dir)
    cleaned = clean_corpus(corpus, rules=["byline"])
    first = [(c.id, [s.text for s in c.sentences]) for c in cleaned]
    second = [(c.id, [s.text for s in c.sentences]) for c in cleaned]
    assert first == second and len(first) == 5
    cleaner = Cleaner(rules=["byline"])
    assert cleaner(corpus[4]).removed == clean_document(corpus[4], rules=["byline"]).removed
    with pytest.raises(ParameterError):
        list(Cleaner(rules=["nope"]).map(corpus))


def test_cleaning_is_deterministic(seeds):
    for doc in seeds.values():
        assert clean_document(doc) == clean_document(doc)


# --------------------------------------------------------------------------- fast paths keep the same answers


def test_page_find_lines_matches_a_search_by_every_key():
    from nlptools.cleaning import Page

    text = "Photo by X\n  nothing here\n(c) AP Image\n\nGetty\nImages\nlast Reuters"
    page = Page.of(text).apply([Cut(4, *Page.of(text).spans[4], "test")])  # line 4 no longer kept
    lines = text.split("\n")

    def brute(keys):
        return [i for i, line in enumerate(lines) if page.kept[i] and any(k in line for k in keys)]

    for keys in (["Photo", "Image", "(c)", "Reuters"], ["Getty"], ["zzz"], []):
        assert page.find_lines(keys) == brute(keys), keys
    assert page.find_lines(["Getty\nImages", "Photo"]) == [0]  # a key over two lines counts on its first line (4)
    assert page.find_lines(["AP\nImage"]) == []
    assert page.find_lines(iter(["AP"])) == [2]  # any iterable


def test_signature_only_near_the_end():
    body = "\n".join(f"Line {i} of the post." for i in range(40))
    early = "Intro\n--\n" + body  # a "--" far from the end is no signature
    assert not any(r.rule == "signature" for r in clean_document(Document("x", early)).removed)
    late = body + "\n-- \nJo Bloggs\njo@example.com"
    removed = [r.text for r in clean_document(Document("x", late)).removed if r.rule == "signature"]
    assert removed == ["--", "Jo Bloggs", "jo@example.com"]


def test_page_apply_shares_unchanged_parts():
    from nlptools.cleaning import Page

    page = Page.of("Title\nby Ann Lee\nIt rained. AFP")
    whole = page.apply([Cut(1, *page.spans[1], "byline")])
    assert whole.spans == page.spans and whole.kept == (True, False, True) and whole.removed_by[1] == "byline"
    a, b = page.spans[2]
    part = whole.apply([Cut(2, b - 3, b, "agency-tag", whole=False)])
    assert part.line(2) == "It rained." and part.shortened == {2} and whole.spans == page.spans
    assert part.kept_idx == (0, 2) and part.kept_lines() == [0, 2]


def test_a_rule_replaced_in_the_table_is_used_by_default(monkeypatch, seeds):
    import nlptools.cleaning as cleaning

    calls = []
    monkeypatch.setitem(cleaning.RULES, "byline", lambda page: calls.append(page) or [])
    clean_document(seeds["korea_train"])
    assert len(calls) == 1
    monkeypatch.delitem(cleaning.RULES, "byline")
    with pytest.raises(ParameterError, match="'byline'"):
        clean_document(seeds["korea_train"])
