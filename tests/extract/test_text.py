"""LaTeX residue removal keeps exact offsets; sentences survive abbreviations and decimals."""

from __future__ import annotations

import pytest

from kg.extract.text import clean_markup, clean_with_offsets, sentence_around


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (r"Fr\'echet Inception Distance", "Fréchet Inception Distance"),
        (r"Nystr\"om and B\'{e}zier", "Nyström and Bézier"),
        (r"Rozi\`ere et al.", "Rozière et al."),
        (r"rate \& quality, 10\% of data", "rate & quality, 10% of data"),
        (r"get\_capital", "get_capital"),
        (r"{\it determinism}: almost", "determinism: almost"),
        (r"two modes: {\em entropy collapse}", "two modes: entropy collapse"),
        (r"\textbf{Positional Integrity}", "Positional Integrity"),
        (r"knowledge distillation~(KD)", "knowledge distillation (KD)"),
        (r"(\eg, average pool) and (\ie the Llama)", "(e.g., average pool) and (i.e. the Llama)"),
        (r"NeRV, E-NeRV, \etc", "NeRV, E-NeRV, etc."),
        (r"a 2.4\times speedup", "a 2.4× speedup"),
        (r"76\(\%\) accuracy", "76% accuracy"),
        (r"LeC$^2$O-NeRF and Icon$^{2}$", "LeC^2O-NeRF and Icon^2"),
        (r"we propose \method, a", "we propose , a"),
        ("``what or how''", '"what or how"'),
        ("two  spaces\nand a newline", "two spaces and a newline"),
    ],
)
def test_clean_markup_removes_residue(raw: str, clean: str) -> None:
    assert clean_markup(raw) == clean


@pytest.mark.parametrize(
    "plain",
    [
        "Plain text is unchanged: 3.5% gains on CIFAR-10 (Krizhevsky, 2009).",
        "A tilde for approximately ~33.5% stays, as does 10~30%.",
        "Price: $20 and a URL https://github.com/a/b.",
    ],
)
def test_clean_markup_keeps_plain_text(plain: str) -> None:
    assert clean_markup(plain) == plain


def test_offsets_point_back_into_the_original() -> None:
    raw = r"We use the Fr\'echet {\em Video} Distance~(FVD) here."
    cleaned = clean_with_offsets(raw)
    for name in ("Fréchet", "Video", "FVD", "Fréchet Video Distance (FVD)"):
        start = cleaned.text.index(name)
        orig_start, orig_end = cleaned.original_span(start, start + len(name))
        assert clean_markup(raw[orig_start:orig_end]) == name


def test_each_cleaned_character_maps_to_the_characters_that_made_it() -> None:
    raw = r"a\'e {\it b}~(c)"
    cleaned = clean_with_offsets(raw)
    assert cleaned.text == "aé b (c)"
    spans = [cleaned.original_span(index, index + 1) for index in range(len(cleaned.text))]
    # copied characters point at themselves; "é" at its accent macro, the tie "~" at itself
    assert spans == [(0, 1), (1, 4), (4, 5), (10, 11), (12, 13), (13, 14), (14, 15), (15, 16)]
    assert cleaned.original_span(0, len(cleaned.text)) == (0, len(raw))


@pytest.mark.parametrize(
    ("text", "needle", "sentence"),
    [
        ("First one. We propose X-Net. Last one.", "X-Net", "We propose X-Net."),
        ("We improve by 2.5 points. Then Y.", "2.5", "We improve by 2.5 points."),
        ("Methods, e.g. BERT, fail. Next.", "BERT", "Methods, e.g. BERT, fail."),
        ("As shown by Smith et al. (2020) and Jones et al. Both fail. Z.", "Jones",
         "As shown by Smith et al. (2020) and Jones et al. Both fail."),
        ("Some tasks, i.e. QA. Then Q.", "QA", "Some tasks, i.e. QA."),
        ("Code: https://github.com/a/b.c. Data too.", "github", "Code: https://github.com/a/b.c."),
        ("Why? Because Z works! See W.", "Z", "Because Z works!"),
        ("It has A. Smith as author. End.", "Smith", "It has A. Smith as author."),
        ("No final period here", "final", "No final period here"),
        ("We release HICom-248K. Experiments show gains.", "Experiments", "Experiments show gains."),
    ],
)
def test_sentence_around(text: str, needle: str, sentence: str) -> None:
    start = text.index(needle)
    assert sentence_around(text, start, start + len(needle)) == sentence


def test_sentence_around_a_span_across_sentences_covers_both() -> None:
    text = "One two. Three four. Five."
    assert sentence_around(text, 4, 14) == "One two. Three four."


def test_wrapped_lines_clean_to_spaces_and_keep_exact_offsets() -> None:
    raw = "Line one\nline two \n  three\\\nfour\n\n{\\it five}\n~(six)"
    cleaned = clean_with_offsets(raw)
    assert cleaned.text == "Line one line two three  four five ~(six)"
    for word in ("one", "line", "three", "four", "five", "(six)"):
        start = cleaned.text.index(word)
        orig_start, orig_end = cleaned.original_span(start, start + len(word))
        assert raw[orig_start:orig_end] == word or clean_markup(raw[orig_start:orig_end]) == word
    # a run of whitespace, newlines in it or not, is one space standing for the whole run
    run = cleaned.text.index("two") + 3
    assert cleaned.original_span(run, run + 1) == (raw.index(" \n  "), raw.index("three"))
