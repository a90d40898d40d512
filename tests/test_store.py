import pytest

from storyline.model import (
    Article,
    ArticleAnalysis,
    DateMention,
    Entity,
    Event,
    Mention,
    ModelInfo,
    SourcedText,
    Story,
)
from storyline.store import Store
from storyline.corpus import StoryViews
from storyline.increment import CorpusDelta

TEXT = "Serbia recalled its ambassadors on Monday."


def analysis(article_id: str = "a1") -> ArticleAnalysis:
    return ArticleAnalysis(
        article=Article(id=article_id, path=f"{article_id}.txt", text=TEXT),
        dates=[DateMention(article=article_id, start=35, end=41, text="Monday", type="DATE", value="XXXX-WXX-1")],
    )


def test_adding_an_article_twice_changes_nothing(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        assert store.add_analysis(analysis()) is True
        assert store.add_analysis(analysis()) is False
        assert [a.article.id for a in store.analyses()] == ["a1"]
        assert len(store.load_brief().dates) == 1


def test_records_survive_reopening_and_a_second_run_adds_only_new(tmp_path):
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        store.add_analysis(analysis("a1"))
        store.set_model(ModelInfo(name="en_core_web_sm", version="3.8.0"))
    with Store(path) as store:
        assert store.article_ids() == {"a1"}
        store.add_analysis(analysis("a1"))
        store.add_analysis(analysis("a2"))
        assert store.article_ids() == {"a1", "a2"}
        assert store.model().name == "en_core_web_sm"


def test_duplicates_are_stored_without_analysis(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        store.add_analysis(analysis("a1"))
        copy = Article(id="a2", path="a2.txt", text=TEXT, duplicate_of="a1")
        assert store.add_article(copy) is True
        assert [a.id for a in store.articles()] == ["a1", "a2"]
        assert [a.article.id for a in store.analyses()] == ["a1"]
        assert [a for a, _, _ in store.unsigned_originals(10)] == ["a1"]  # the copy is no original


def test_corpus_records_are_replaced_and_read_back(tmp_path):
    entity = Entity(id="gpe:serbia", name="Serbia", type="GPE",
                    mentions=[Mention(article="a1", start=0, end=6, text="Serbia")])
    summary = [SourcedText(article="a1", start=0, end=len(TEXT), text=TEXT)]
    first = CorpusDelta(views=StoryViews([], [], [], [], []), entities=[entity], summary=summary,
                        entity_keys={entity.id: {"NAME:serbia"}}, countries={"a1": ["SRB"]})
    with Store(tmp_path / "s.duckdb") as store:
        store.add_analysis(analysis())
        store.apply(first, clear=True)
        store.apply(first, clear=True)
        loaded = store.load_brief()
        assert store.entities_by_key(["NAME:serbia"]) == {"NAME:serbia": [("gpe:serbia", 1)]}
    assert loaded.entities == [entity]
    assert loaded.summary == summary
    assert loaded.countries == ["SRB"]
    assert [a.id for a in loaded.articles] == ["a1"]


def test_failed_write_leaves_nothing_half_stored(tmp_path, monkeypatch):
    with Store(tmp_path / "s.duckdb") as store:
        store.add_analysis(analysis("a3"))

        def disk_full(*args, **kwargs):
            raise OSError("disk full")

        monkeypatch.setattr(store, "_many", disk_full)  # fails after the article row is written
        try:
            store.add_analysis(analysis("a4"))
        except OSError:
            pass
        assert store.article_ids() == {"a3"}


def test_signatures_are_read_back_by_their_band_keys_for_originals_only(tmp_path):
    from storyline.dedup import band_keys, signature, stored_form

    other = "Nato sent more troops to northern Kosovo after the clashes in Zvecan on Monday."
    with Store(tmp_path / "s.duckdb") as store:
        store.add_analysis(analysis("a1"))
        assert store.unsigned_originals(10) == [("a1", None, TEXT)]
        store.add_signatures({"a1": stored_form(signature(TEXT)), "gone": stored_form(signature(other))})
        assert store.unsigned_originals(10) == []
        found = store.signatures_sharing(set(band_keys(signature(TEXT))))
        assert [a for a, _ in found] == ["a1"] and found[0][1] == stored_form(signature(TEXT))[0]
        assert store.signatures_sharing(set(band_keys(signature(other)))) == []  # "gone" is no stored article
        store.add_analysis(analysis("a1"), replace=True)  # replaced: its signature goes with it
        assert [a for a, minhash, _ in store.unsigned_originals(10) if minhash is None] == ["a1"]


def test_ctrl_c_during_a_query_is_an_interruption_not_an_error(tmp_path, monkeypatch):
    class Interrupted:
        def execute(self, *args):
            raise RuntimeError("Query interrupted")  # what DuckDB raises when SIGINT arrives mid-query

    with Store(tmp_path / "s.duckdb") as store:
        real = store._db
        monkeypatch.setattr(store, "_db", Interrupted())
        with pytest.raises(KeyboardInterrupt):
            store.counts()
        store._db = real


def test_a_read_larger_than_the_memory_cap_runs_uncapped_and_the_cap_holds_after(tmp_path, monkeypatch):
    monkeypatch.setattr("storyline.store.STORE_MEMORY", "2MB")
    text = "Serbia recalled its ambassadors. " * 100_000  # 3.3 MB
    with Store(tmp_path / "s.duckdb") as store:
        store.add_analysis(ArticleAnalysis(article=Article(id="big", path="big.txt", text=text)))

        def limit() -> str:
            return store._execute("SELECT current_setting('memory_limit')").fetchone()[0]

        retried = []
        retry = store._uncapped
        monkeypatch.setattr(store, "_uncapped", lambda *args: retried.append(args) or retry(*args))
        uncapped = limit()
        with store.memory_capped():
            capped = limit()
            (found,) = store.analyses(["big"])
            assert limit() == capped != uncapped
        assert limit() != capped
    assert retried and found.article.text == text


def test_a_story_rewritten_with_no_segment_redone_keeps_its_records(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        store.add_analysis(analysis("a1"))
        story = Story(id="s1", title="Recall", articles=["a1"])
        event = Event(id="e1", article="a1", start=0, end=6, text="Serbia", type="SANCTION")
        store.apply(CorpusDelta(views=StoryViews([story], [event], [], [], [])), clear=True)
        retitled = story.model_copy(update={"title": "Serbia recalls"})
        store.apply(CorpusDelta(views=StoryViews([retitled], [], [], [], []), redone={"s1": []}))
        brief = store.load_brief()
    assert [s.title for s in brief.stories] == ["Serbia recalls"] and [e.id for e in brief.events] == ["e1"]
