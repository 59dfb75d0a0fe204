"""URL finding and normalisation: one spelling per resource, exact spans into the field."""

from __future__ import annotations

import pytest

from kg.extract.urls import find_links, normalize_url, repository_root


@pytest.mark.parametrize(
    ("raw", "url", "is_repository"),
    [
        ("https://github.com/naver-ai/PfLayer.", "https://github.com/naver-ai/PfLayer", True),
        ("http://github.com/a/b", "https://github.com/a/b", True),
        ("github.com/NVlabs/SegFormer.", "https://github.com/NVlabs/SegFormer", True),
        ("https://www.github.com/a/b", "https://github.com/a/b", True),
        ("https://GitHub.com/Owner/Name", "https://github.com/Owner/Name", True),
        ("https://github.com/chijames/KERPLE.git.", "https://github.com/chijames/KERPLE", True),
        ("https://github.com/zjq0455/PTQ1.61.", "https://github.com/zjq0455/PTQ1.61", True),
        ("https://github.com/WGLab/bioformer,", "https://github.com/WGLab/bioformer", True),
        ("https://github.com/a/b/", "https://github.com/a/b", True),
        ("https://github.com/ibm/tsfm/#notebooks-links", "https://github.com/ibm/tsfm", True),
        ("https://github.com/a/b?tab=readme", "https://github.com/a/b", True),
        ("https://github.com/tensorflow/models/tree/master/research/deeplab.",
         "https://github.com/tensorflow/models", True),
        ("https://github.com/hutaiHang/Faster-Diffusion{FasterDiffusion}.",
         "https://github.com/hutaiHang/Faster-Diffusion", True),
        (r"https://github.com/abdelfattah-lab/flan_nas{https://github.com/abdelfattah-lab/flan\_nas}.",
         "https://github.com/abdelfattah-lab/flan_nas", True),
        (r"https://github.com/a/flan\_nas", "https://github.com/a/flan_nas", True),
        ("https://gitlab.com/group/sub/project/-/tree/main", "https://gitlab.com/group/sub/project", True),
        ("https://bitbucket.org/team/repo/src/master/", "https://bitbucket.org/team/repo", True),
        ("https://github.com/someone", "https://github.com/someone", False),
        ("https://github.com/orgs/openai/repositories", "https://github.com/orgs/openai/repositories", False),
        ("https://huggingface.co/NexaAIDev/Dolphin.", "https://huggingface.co/NexaAIDev/Dolphin", False),
        ("https://aka.ms/YOCO.", "https://aka.ms/YOCO", False),
        ("http://shacira.github.io", "https://shacira.github.io", False),
        ("https://tcsinger.github.io/.", "https://tcsinger.github.io", False),
        ("https://hanyangclarence.github.io/unimumo_demo/{project", "https://hanyangclarence.github.io/unimumo_demo", False),
        ("https://en.wikipedia.org/wiki/Sample_(statistics)", "https://en.wikipedia.org/wiki/Sample_(statistics)", False),
        ("https://youtu.be/nLRt6OoDGq0?si=8yD6k", "https://youtu.be/nLRt6OoDGq0?si=8yD6k", False),
    ],
)
def test_normalize_url(raw: str, url: str, is_repository: bool) -> None:
    assert normalize_url(raw) == (url, is_repository)


def test_repository_root_is_none_off_code_hosts() -> None:
    assert repository_root("https://example.org/a/b") is None


def _spans(text: str) -> list[tuple[str, str]]:
    return [(link.url, text[link.evidence.start:link.evidence.end])
            for link in find_links({"abstract": text}, "page.txt")]


def test_glued_duplicate_becomes_one_link_with_an_exact_span() -> None:
    text = "Code: https://github.com/A/Diversity-Driven-Synthesis.https://github.com/A/Diversity-Driven-Synthesis."
    assert _spans(text) == [("https://github.com/A/Diversity-Driven-Synthesis",
                             "https://github.com/A/Diversity-Driven-Synthesis")]


def test_latex_tie_before_a_url_is_not_part_of_it() -> None:
    text = r"Code is available at~https://github.com/Med-Process/Strip_MLP{https://github.com/Med-Process/Strip\_MLP."
    assert _spans(text) == [("https://github.com/Med-Process/Strip_MLP",
                             "https://github.com/Med-Process/Strip_MLP")]


def test_repository_and_project_page_in_one_abstract() -> None:
    text = ("We provide project page at https://haochen-rye.github.io/HNeRV, and Code at "
            "https://github.com/haochen-rye/HNeRV")
    links = find_links({"title": "HNeRV", "abstract": text}, "page.txt")
    assert [(link.url, link.is_repository) for link in links] == [
        ("https://haochen-rye.github.io/HNeRV", False),
        ("https://github.com/haochen-rye/HNeRV", True),
    ]
    first = links[0].evidence
    assert (first.source, first.field, first.rule) == ("page.txt", "abstract", "url_in_text")
    assert first.sentence == text
    assert 0 < first.confidence <= 1


def test_brackets_around_a_url_are_not_part_of_it() -> None:
    text = "Code (https://github.com/thunlp/BlockFFN). Data [https://x.github.io/d]."
    assert _spans(text) == [
        ("https://github.com/thunlp/BlockFFN", "https://github.com/thunlp/BlockFFN"),
        ("https://x.github.io/d", "https://x.github.io/d"),
    ]


def test_no_links_in_plain_text() -> None:
    text = "We use e.g. BERT and www-style names like github or HuggingFace.co without paths. Version 1.5.2."
    assert find_links({"abstract": text}, "page.txt") == []


def test_same_repository_twice_is_one_link() -> None:
    text = "See https://github.com/a/b. Also https://github.com/a/b/tree/main/docs."
    assert [link.url for link in find_links({"abstract": text}, "x")] == ["https://github.com/a/b"]


def test_metadata_urls_become_links_with_metadata_evidence() -> None:
    links = find_links({"abstract": "No URL here."}, "api.json",
                       metadata=("https://github.com/x/y", "https://x.github.io/y/"))
    assert [(link.url, link.is_repository, link.evidence.field) for link in links] == [
        ("https://github.com/x/y", True, "metadata"),
        ("https://x.github.io/y", False, "metadata"),
    ]
    assert links[0].evidence.sentence == "https://github.com/x/y"


def test_text_link_wins_over_the_same_metadata_link() -> None:
    links = find_links({"abstract": "Code: https://github.com/x/y."}, "s", metadata=("https://github.com/x/y",))
    assert [link.evidence.field for link in links] == ["abstract"]
