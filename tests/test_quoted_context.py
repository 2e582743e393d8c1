"""A reply's quoted text as context for discovered themes: extracted cleanly, carried by document passages,
read by the ensemble the same way when fitting and when placing, never quoted."""

from __future__ import annotations

import numpy as np

from nlptools.cleaning import clean_document, quoted_text
from nlptools.document import Document, Passage, Sentence
from nlptools.topics.ensemble import EnsembleTopics
from nlptools.vectorize import make_passages, model_text

POST = (
    "From: me@here.org\n"
    "Subject: Re: engines\n"
    "\n"
    "In article <1993Apr1.1@nasa.gov> jo@nasa.gov (Jo Doe) writes:\n"
    "> The shuttle's main engines failed on the pad.\n"
    "> > Newsgroups: sci.space\n"
    "|> Was the launch scrubbed?\n"
    "JB> Engineers inspected the turbopumps.\n"
    "\n"
    "That is not what happened. The countdown was held for a sensor fault.\n"
)


def test_quoted_text_keeps_the_words_and_drops_marks_attributions_addresses_headers():
    clean = clean_document(Document(id="p", text=POST))
    assert all("shuttle" not in s.text for s in clean.sentences)  # never a sentence of the post
    assert quoted_text(clean) == (
        "The shuttle's main engines failed on the pad. Was the launch scrubbed? Engineers inspected the turbopumps."
    )
    plain = clean_document(Document(id="q", text="No quotes here. Just a post."))
    assert quoted_text(plain) == ""


def test_document_passages_carry_the_context_and_the_model_reads_it_after_the_text():
    clean = clean_document(Document(id="p", text=POST))
    (doc,) = make_passages([clean], unit="document")
    assert doc.context == quoted_text(clean) and doc.text.startswith("That is not what happened.")
    assert model_text(doc) == doc.text + "\n\n" + doc.context
    assert all(p.context == "" for p in make_passages([clean], unit="paragraph"))
    assert model_text("a plain text") == "a plain text"


def test_the_ensemble_reads_the_context_when_fitting_and_when_placing():
    """Short replies whose subject is only in what they quote are grouped by it, and placed the same again."""
    space = "the shuttle engines failed and the launch of the rocket from the pad was scrubbed by nasa"
    money = "the central bank raised interest rates and stock markets fell as investors sold shares"
    items = [
        Passage(
            f"d{i}", f"d{i}", (Sentence(f"d{i}", 0, 0, 8, "I agree.", 0),), (space if i % 2 else money) + f" report {i}"
        )
        for i in range(24)
    ]
    model = EnsembleTopics(n_topics=2, random_state=0).fit(items)
    labels = model.transform(items).argmax(axis=1)
    truth = np.arange(24) % 2
    assert (labels == truth).all() or (labels == 1 - truth).all()
    # without the context the replies are all the same text: nothing to separate
    bare = [Passage(p.id, p.document, p.sentences) for p in items]
    assert len(set(map(model_text, bare))) == 1
