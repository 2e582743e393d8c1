import subprocess
import sys

from nlptools.cleaning import clean_document
from nlptools.corpus import Corpus


def test_import_is_cheap():
    code = "import sys, nlptools; bad = [m for m in ('gensim','sumy','matplotlib','sklearn') if m in sys.modules]; print(bad)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_offsets_round_trip_on_every_seed_sentence(seeds_dir):
    corpus = Corpus.from_path(seeds_dir)
    assert len(corpus) == 5
    for doc in corpus:
        clean = clean_document(doc)
        assert clean.sentences
        last = -1
        for s in clean.sentences:
            assert doc.text[s.start : s.end] == s.text
            assert s.start > last
            last = s.end
