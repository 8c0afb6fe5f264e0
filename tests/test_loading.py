"""The loader: typed tables, and a clear DataError (never a traceback) for bad data."""
from __future__ import annotations

import pandas as pd
import pytest

from debateprep import DataError, load_data
from debateprep.data.loading import fingerprint

from conftest import replace_in


def test_types(mini):
    assert pd.api.types.is_datetime64_any_dtype(mini.events["date"])
    assert mini.polls["share_pct"].dtype == float
    assert mini.polls["sample_size"].isna().sum() == 3
    assert mini.sessions.loc[1, "topics"] == ("engagement", "mh17", "belarus")
    assert mini.positions.loc[0, "notable_signatories"] == ("A", "B")
    assert pd.isna(mini.sources.loc[2, "date_published"])
    assert list(mini.events["line"])[:2] == [2, 3]


def test_invalid_data_raises_data_error_with_messages(mini_dir):
    line = replace_in(mini_dir / "events.csv", "2020-08-09", "2020-08-32")
    with pytest.raises(DataError) as caught:
        load_data(mini_dir)
    assert len(caught.value.problems) == 1
    assert f"events.csv:{line}: column 'date': value '2020-08-32'" in str(caught.value)


def test_data_error_renders_without_traceback_in_notebooks(mini_dir):
    (mini_dir / "events.csv").unlink()
    with pytest.raises(DataError) as caught:
        load_data(mini_dir)
    rendered = caught.value._render_traceback_()
    assert rendered[0] == "DataError: the data has 1 problem:"
    assert "events.csv" in rendered[1] and "Traceback" not in "\n".join(rendered)


def test_fingerprint_changes_with_any_file(mini_dir):
    before = fingerprint(mini_dir)
    replace_in(mini_dir / "editorial.csv", "Dialogue matters.", "Dialogue matters a lot.")
    assert fingerprint(mini_dir) != before


def test_default_data_dir_from_environment(mini_dir, monkeypatch):
    monkeypatch.setenv("DEBATEPREP_DATA", str(mini_dir))
    assert load_data().data_dir == mini_dir


def test_loading_the_same_files_again_gives_equal_tables_that_are_copies(mini_dir):
    first = load_data(mini_dir)
    again = load_data(mini_dir)
    assert again.fingerprint == first.fingerprint
    assert again.events.equals(first.events) and again.events is not first.events
    again.events.loc[0, "description"] = "changed by a chapter"
    assert load_data(mini_dir).events.loc[0, "description"] == first.events.loc[0, "description"]


def test_an_edited_file_is_validated_and_loaded_afresh(mini_dir):
    load_data(mini_dir)
    line = replace_in(mini_dir / "events.csv", "2020-08-09", "2020-08-32")
    with pytest.raises(DataError) as caught:
        load_data(mini_dir)
    assert f"events.csv:{line}: column 'date': value '2020-08-32'" in str(caught.value)
    replace_in(mini_dir / "events.csv", "2020-08-32", "2020-08-10")
    assert (load_data(mini_dir).events["date"] == pd.Timestamp("2020-08-10")).any()


def test_the_tables_carry_the_fingerprint_of_their_files(mini_dir):
    assert load_data(mini_dir).fingerprint == fingerprint(mini_dir)
    assert load_data(mini_dir).fingerprint == fingerprint(mini_dir)  # from the process's copy


def test_loading_the_same_files_again_does_not_validate_them_again(mini_dir, monkeypatch):
    from debateprep.data import loading
    checks = []
    real = loading.check_data
    monkeypatch.setattr(loading, "check_data", lambda folder: checks.append(folder) or real(folder))
    loading._LOADED.clear()  # nothing remembered from other tests
    load_data(mini_dir)
    load_data(mini_dir)
    assert checks == [mini_dir]
    replace_in(mini_dir / "events.csv", "2020-08-09", "2020-08-10")
    load_data(mini_dir)
    assert checks == [mini_dir, mini_dir]


def test_two_folders_with_the_same_files_are_two_folders(mini_dir, tmp_path):
    import shutil
    twin = tmp_path / "twin"
    shutil.copytree(mini_dir, twin)
    assert load_data(mini_dir).data_dir == mini_dir
    assert load_data(twin).data_dir == twin
    assert load_data(mini_dir).data_dir == mini_dir
