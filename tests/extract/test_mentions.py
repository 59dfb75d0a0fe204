"""Mention matching: vocabulary rules, textual patterns, exclusions and evidence."""

from __future__ import annotations

import pytest

from kg.extract.mentions import find_mentions
from kg.extract.text import clean_markup
from kg.extract.vocabulary import CORPUS_RULE, Vocabulary, VocabularyEntry, default_vocabulary
from kg.model import EntityType, Mention


def mentions(abstract: str, title: str = "") -> list[Mention]:
    return find_mentions({"title": title, "abstract": abstract}, "test.txt", default_vocabulary())


def names(abstract: str, title: str = "") -> list[str]:
    return [m.name for m in mentions(abstract, title)]


def by_name(abstract: str, title: str = "") -> dict[str, Mention]:
    return {m.name: m for m in mentions(abstract, title)}


# ---------------------------------------------------------------- vocabulary rule


def test_alias_is_reported_as_spelled_with_its_canonical_name():
    found = by_name("We train on CIFAR10 and evaluate on MS-COCO.")
    assert (found["CIFAR10"].canonical, found["CIFAR10"].type) == ("CIFAR-10", EntityType.DATASET)
    assert found["MS-COCO"].canonical == "COCO"
    assert found["CIFAR10"].evidence.rule == "vocabulary"


def test_short_acronyms_match_only_in_their_own_case():
    assert names("Results on COCO and GLUE.") == ["COCO", "GLUE"]
    assert names("A coco palm and some glue.") == []


@pytest.mark.parametrize("text", ["We clip the gradients.", "We use adam-like steps.", "A sam file."])
def test_names_that_are_words_do_not_match_in_lower_case(text):
    assert names(text) == []


def test_distinctive_names_match_in_other_cases():
    found = names("Pretrained on Imagenet with a Resnet, then on cifar10.")
    assert found == ["Imagenet", "Resnet", "cifar10"]


def test_distinctive_names_do_not_match_as_lower_case_words():
    vocabulary = Vocabulary.from_entries([VocabularyEntry("ToMaTo", EntityType.DATASET)])
    found = find_mentions({"abstract": "A tomato salad, then the TOMATO set."}, "t.txt", vocabulary)
    assert [m.name for m in found] == ["TOMATO"]


def test_common_word_names_match_in_abstracts_with_lower_confidence():
    found = by_name("We transcribe with Whisper and compare with BERT.")
    assert found["Whisper"].evidence.confidence < found["BERT"].evidence.confidence


def test_common_word_names_do_not_match_in_title_case_titles():
    assert names("", title="The Falcon Whisper: Listening to Birds") == []


def test_longest_match_wins():
    assert names("A ResNet-50 backbone and a Mask R-CNN head.") == ["ResNet-50", "Mask R-CNN"]


def test_symbols_keep_names_apart():
    assert names("We compare UNet++ with QuIP#.") == ["UNet++", "QuIP#"]


def test_a_name_inside_a_longer_word_is_not_matched():
    assert names("We release ToolAlpaca and PubMedQA-Long.") == []


def test_a_name_glued_to_a_capitalised_word_is_not_matched():
    assert names("We propose STABLE-RPS and seq-JEPA.") == []


def test_hyphenated_modifiers_keep_the_name():
    assert names("A ResNet-like trunk with non-MoE layers and GAN-based losses.") == ["ResNet", "MoE", "GAN"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Tested on Llama 2 models.", "Llama 2"),
        ("Built on Qwen2.5 weights.", "Qwen2.5"),
        ("Unlike GPT-4o, it is small.", "GPT-4o"),
        ("We fine-tune LLaMA-2-7B-Chat.", "LLaMA-2-7B-Chat"),
        ("We quantize Mixtral-8x7B.", "Mixtral-8x7B"),
        ("A ViT-B/16 encoder.", "ViT-B/16"),
        ("BERTBase is smaller.", "BERTBase"),
    ],
)
def test_family_names_take_their_version_suffix(text, name):
    assert names(text) == [name]


def test_version_suffix_is_added_to_the_canonical_name():
    found = by_name("We fine-tune Llama-3-8B-Instruct.")
    assert found["Llama-3-8B-Instruct"].canonical == "Llama 3-8B-Instruct"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("A BERT-based ranker.", "BERT"),
        ("Accuracy on MMLU 5-shot.", "MMLU"),
        ("Scores on MMLU 57 subjects.", "MMLU"),
    ],
)
def test_what_is_not_a_version_stays_outside_the_name(text, name):
    assert names(text) == [name]


def test_plurals_keep_their_spelling_and_map_to_the_singular():
    found = by_name("GANs and VAEs are generative.")
    assert (found["GANs"].canonical, found["VAEs"].canonical) == ("GAN", "VAE")


def test_names_inside_urls_are_not_mentions():
    assert names("Code: https://github.com/tensorflow/models/tree/master/research/deeplab") == []


# ---------------------------------------------------------------- exclusions and acronyms


def test_generic_classes_are_never_mentions():
    text = ("LLMs, CNNs, RNNs, GNNs, MLPs and DNNs differ from Transformers; attention, "
            "diffusion models and neural networks are classes, not names.")
    assert names(text) == []


def test_generic_classes_in_lists_are_skipped_but_names_kept():
    assert names("We compare models such as CNN, LSTM and Transformer.") == ["LSTM"]


def test_a_generic_phrase_hides_the_name_inside_it():
    assert names("We report the Fréchet Inception Distance.") == []


def test_long_form_with_acronym_is_one_mention_the_acronym():
    found = mentions("Mixture-of-Experts (MoE) layers scale well; MoE routing is sparse.")
    assert [(m.name, m.canonical) for m in found] == [("MoE", "MoE")]


def test_acronym_defined_for_a_known_long_form_is_reported_as_the_acronym():
    found = mentions("It accelerates Stable Diffusion (SD) sampling.")
    assert [(m.name, m.canonical) for m in found] == [("SD", "Stable Diffusion")]


def test_title_long_form_gives_way_to_the_acronym_the_abstract_defines():
    found = names("We use Low-Rank Adaptation (LoRA) to tune.", title="Better Low-Rank Adaptation")
    assert found == ["LoRA"]


def test_a_long_form_that_is_part_of_a_longer_definition_is_kept():
    found = mentions("Our model extends the sparse Mixture of Experts (SMoE) layer.")
    assert [(m.name, m.canonical) for m in found] == [("Mixture of Experts", "MoE")]


def test_lower_case_long_forms_of_techniques_are_not_mentions():
    assert names("We apply knowledge distillation and speculative decoding.") == []


# ---------------------------------------------------------------- pattern rules


def test_names_before_a_dataset_noun():
    found = by_name("We evaluate on the ZorbCorp dataset and on UVG, MCL JVC, and Bunny datasets.")
    assert list(found) == ["ZorbCorp", "UVG", "MCL JVC", "Bunny"]
    assert all(m.type is EntityType.DATASET for m in found.values())
    assert found["ZorbCorp"].evidence.rule == "before_noun"


@pytest.mark.parametrize(
    "text",
    ["We evaluate on four benchmark datasets.", "Standard image and video datasets help.",
     "We use 10 benchmarks.", "Results on English and Web datasets."],
)
def test_descriptions_before_a_dataset_noun_are_not_names(text):
    assert names(text) == []


def test_names_listed_after_a_method_noun():
    found = by_name("It beats pruning strategies such as MAGX, SNIPZ, and Flubber, across budgets.")
    assert list(found) == ["MAGX", "SNIPZ", "Flubber"]
    assert {m.evidence.rule for m in found.values()} == {"method_list"}
    assert all(m.type is EntityType.METHOD for m in found.values())


def test_names_listed_after_a_dataset_noun_are_datasets():
    found = by_name("Experiments on various datasets, including QuuxFaces and Flickr-Scenery, confirm it.")
    assert [(n, m.type) for n, m in found.items()] == [
        ("QuuxFaces", EntityType.DATASET), ("Flickr-Scenery", EntityType.DATASET)]


def test_parenthesised_list_right_after_a_type_noun():
    found = names("Evaluated across models (CCNNX, EEGNetZ, TSceptionY).")
    assert found == ["CCNNX", "EEGNetZ", "TSceptionY"]


@pytest.mark.parametrize(
    "text",
    ["It handles tasks such as Depth Estimation and Segmentation.",
     "Languages such as Arabic and Chinese are covered.",
     "We add layers such as Selective Multi-Head Attention."],
)
def test_lists_without_a_type_noun_or_of_phrases_give_nothing(text):
    assert names(text) == []


def test_compared_names_must_look_coined():
    found = by_name("Our codec outperforms HiFiCQ and ILLMX, and is faster than Baseline.")
    assert list(found) == ["HiFiCQ", "ILLMX"]
    assert found["HiFiCQ"].evidence.rule == "comparison"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It outperforms SOTA methods by 3%.", []),
        ("It is faster than 4-bit GPTQ-free codes.", ["GPTQ"]),
        ("Better than 3B-parameter models.", []),
        ("It improves over all-MLP designs.", []),
    ],
)
def test_comparisons_with_non_names_give_nothing(text, expected):
    assert names(text) == expected


def test_title_case_acronym_definition_names_a_method():
    found = by_name("Techniques like Lottery Ticket Rewinding (LTR) help.")
    assert list(found) == ["LTR"]
    assert found["LTR"].evidence.rule in {"acronym_definition", "method_list"}


def test_acronym_definition_naming_a_benchmark_is_a_dataset():
    found = by_name("We test on the Open Zebra Benchmark (OZB) suite.")
    assert found["OZB"].type is EntityType.DATASET


def test_lower_case_definition_followed_by_a_plural_type_noun_names_methods():
    found = by_name("Randomized parameter-sharing (RPS) methods compress models.")
    assert list(found) == ["RPS"]


@pytest.mark.parametrize(
    "text",
    ["We use an incremental continuous training (ICT) strategy.",
     "Extreme multi-label classification (XMC) benchmarks are large.",
     "Dual-encoder (DE) models are common; DE models are fast.",
     "Relational graph neural networks (RGNNs) matter; RGNN models are used.",
     "We report the Fréchet Video Distance (FVD)."],
)
def test_definitions_of_classes_tasks_and_metrics_are_not_mentions(text):
    assert names(text) == []


def test_coined_architecture_suffixes_name_methods():
    found = by_name("The ZorbNet trunk is light.")
    assert found["ZorbNet"].evidence.rule == "name_shape"
    assert names("The subnet and the Network are generic.") == []


def test_patterns_do_not_run_on_titles():
    assert names("", title="Benchmarks such as Foo and Bar (FB): Datasets") == []


# ---------------------------------------------------------------- evidence and corpus names


def test_evidence_points_at_the_original_text():
    abstract = r"We build on \textbf{BERT} and QuIP\# with distillation~(KD). Then we test on CIFAR-10."
    found = mentions(abstract)
    assert [m.name for m in found] == ["BERT", "QuIP#", "KD", "CIFAR-10"]
    for mention in found:
        evidence = mention.evidence
        assert (evidence.source, evidence.field) == ("test.txt", "abstract")
        assert clean_markup(abstract[evidence.start : evidence.end]) == mention.name
        assert abstract[evidence.start : evidence.end] in evidence.sentence
        assert evidence.sentence in abstract
        assert 0 < evidence.confidence <= 1
    assert found[-1].evidence.sentence == "Then we test on CIFAR-10."


def test_title_mentions_carry_the_title_field():
    found = mentions("", title="Rethinking Mask R-CNN for Text")
    assert [(m.name, m.evidence.field) for m in found] == [("Mask R-CNN", "title")]


def test_one_mention_per_spelling():
    found = names("BERT is big. BERT is slow. BERTs differ.")
    assert found == ["BERT", "BERTs"]


def test_corpus_names_are_matched_under_their_own_rule():
    vocabulary = default_vocabulary().extended([VocabularyEntry("Serpent", EntityType.METHOD)])
    found = find_mentions({"abstract": "We extend Serpent to audio."}, "t.txt", vocabulary)
    assert [(m.name, m.evidence.rule) for m in found] == [("Serpent", CORPUS_RULE)]


def test_empty_fields_give_nothing():
    assert mentions("", title="") == []


def test_the_name_a_dataset_noun_anchors_outranks_a_shorter_known_name():
    assert names("Results on the CLIC Pro Val dataset.") == ["CLIC Pro Val"]


def test_a_list_skips_one_chunk_that_is_not_a_name():
    found = names("It beats methods like 2-model speculative decoding, Zedusa, LookBack Decoding, and DEEDX.")
    assert found == ["Zedusa", "LookBack Decoding", "DEEDX"]


def test_a_list_ends_at_a_verb_after_its_last_name():
    found = names("Baselines such as FooNetX and BarGANY achieve less, unlike Quuxformer.")
    assert found == ["FooNetX", "BarGANY"]


def test_a_known_acronym_defined_with_a_lower_case_long_form_replaces_title_spellings():
    found = names("Sparse mixture of experts (MoE) layers.", title="Routing in Mixture of Experts")
    assert found == ["MoE"]


def test_a_plural_model_class_introduces_a_list_of_names():
    assert names("It rivals INRs (e.g., WIREX, I-NGPX) and GANs such as BigBiGANZ.") == [
        "INRs", "WIREX", "I-NGPX", "GANs", "BigBiGANZ"]


def test_an_acronym_defined_after_a_type_noun_is_not_a_one_item_list():
    assert names("We search with a genetic algorithm (GA) in the loop.") == []


def test_architecture_parts_are_not_names():
    text = "Redundancy across modules within Transformers, including Blocks, MLP, and Attention layers."
    assert names(text) == []


def test_an_acronym_the_authors_define_for_their_own_work_is_left_to_the_proposal_rules():
    assert names("We propose the Zebra Quantum Estimator (ZQE) for codes.") == []
    assert names("We call this subset Compression Identified Exemplars (CIE).") == []


def test_a_name_cut_short_by_a_capitalised_word_before_a_dataset_noun_is_dropped():
    assert names("We introduce the MIRP, Medical Imaging Relative Positioning, benchmark dataset.") == []


def test_an_acronym_for_a_component_is_not_a_prior_method():
    assert names("The Role-based Latent Information Guidance (RLIG) module builds roles.") == []


def test_listed_names_may_end_in_a_number_and_follow_descriptors():
    found = names("It wins on FineGymX, Diving48, NTU 60 and NTU 120 datasets, and on "
                  "the single-line CROHMEX, multi-line M2E, and complex MNE datasets.")
    assert found == ["FineGymX", "Diving48", "NTU 60", "NTU 120", "CROHMEX", "M2E", "MNE"]


def test_a_method_name_used_as_a_dataset_name_is_a_dataset():
    found = by_name("Experiments over the standard JPEG-AI dataset.")
    assert found["JPEG-AI"].type is EntityType.DATASET


def test_a_coined_name_in_brackets_after_a_task_is_a_dataset():
    found = by_name("Experiments on healthy brain segmentation (IXIZ), stroke lesion segmentation (ARCZ), "
                    "and image classification (top-1) show gains.")
    assert [(n, m.type, m.evidence.rule) for n, m in found.items()] == [
        ("IXIZ", EntityType.DATASET, "task_dataset"), ("ARCZ", EntityType.DATASET, "task_dataset")]


def test_a_prior_acronym_before_the_authors_own_proposal_is_kept():
    found = names("Inspired by the success of Legendre Memory Units (LMU), we propose ZorbFormer.")
    assert found[0] == "LMU"


def test_a_plural_spelling_is_weaker_evidence_than_the_singular():
    found = by_name("Implicit models (INRs) differ; each INR-based codec is small.")
    assert found["INRs"].evidence.confidence < found["INR"].evidence.confidence


@pytest.mark.parametrize(
    ("text", "name", "canonical"),
    [
        ("Usage of beam search (BS) is common; BS is greedy.", "BS", "Beam Search"),
        ("Speculative decoding (SD) drafts tokens.", "SD", "Speculative Decoding"),
        ("Inspired by the mixture of depths (MoDs) idea.", "MoDs", "MoD"),
    ],
)
def test_an_acronym_for_a_known_lower_case_long_form_is_that_name(text, name, canonical):
    found = mentions(text)
    assert [(m.name, m.canonical) for m in found] == [(name, canonical)]


def test_a_pattern_spelling_of_a_known_name_is_not_a_second_name():
    found = mentions("Usage of beam search (BS) is common. Our method outperforms BS.")
    assert [(m.name, m.canonical, m.evidence.rule) for m in found] == [("BS", "Beam Search", "vocabulary")]


def test_a_descriptive_name_inside_a_longer_capitalised_name_is_not_matched():
    assert names("We add a Configuration-Invariant Knowledge Distillation loss.") == []
    found = names("Knowledge Distillation helps. We use Knowledge Distillation here.")
    assert found == ["Knowledge Distillation"]


def test_a_plain_phrase_name_inside_a_longer_capitalised_name_is_not_matched():
    assert names("We call it Vector-Quantized Mixture of Experts for routing.") == []
    assert names("We fine-tune Meta Llama 2 and Mask R-CNN.") == ["Llama 2", "Mask R-CNN"]


# ---------------------------------------------------------------- acronyms that name no prior method


@pytest.mark.parametrize(
    "abstract",
    [
        "Existing works rely on a restrictive Lower-Level Strong Convexity (LLSC) condition.",
        "The model won the third Low Power Computer Vision Challenge (LPCVC) this year.",
        "Vision-Language-Action (VLA) models have shown remarkable potential.",
        "We run experiments in Markov Coding Games (MCGs) under rate limits.",
        "DocDiff consists of two modules: the Coarse Predictor (CP), which recovers content.",
    ],
)
def test_acronym_for_a_condition_contest_class_or_own_part_is_not_a_method(abstract: str) -> None:
    assert names(abstract) == []


def test_acronym_definition_still_names_prior_methods() -> None:
    assert names("We prune with Lottery Ticket Rewinding (LTR) and Coordinate Descent (CD).") == ["LTR", "CD"]


def test_possessor_is_not_part_of_a_compared_name() -> None:
    assert names("It is 2.4 times faster than NVIDIA's CUTLASS.") == ["CUTLASS"]
    assert names("It is 2.4 times faster than CUTLASS.") == ["CUTLASS"]


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        ("We compare against RANSAC and VGGT after Structure-from-Motion (SfM), then FixMatch.",
         [("RANSAC", EntityType.METHOD), ("VGGT", EntityType.METHOD), ("SfM", EntityType.METHOD),
          ("FixMatch", EntityType.METHOD)]),
        ("We evaluate on NAVSIM, LoCoMo and APTOS-2019.",
         [("NAVSIM", EntityType.DATASET), ("LoCoMo", EntityType.DATASET), ("APTOS-2019", EntityType.DATASET)]),
        ("The ransac rule lets us sift through data.", []),
    ],
)
def test_vocabulary_covers_recent_and_classic_names(abstract: str, expected: list[tuple[str, EntityType]]) -> None:
    assert [(m.name, m.type) for m in mentions(abstract)] == expected


# ---------------------------------------------------------------- names listed with a known one


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        ("Experiments on CIFAR-10, ImageNet and FooBar-5K show gains.",
         [("CIFAR-10", EntityType.DATASET), ("ImageNet", EntityType.DATASET), ("FooBar-5K", EntityType.DATASET)]),
        ("We compare with ResNet-50, ViT and FooNetV2 on COCO.",
         [("ResNet-50", EntityType.METHOD), ("ViT", EntityType.METHOD), ("FooNetV2", EntityType.METHOD),
          ("COCO", EntityType.DATASET)]),
        ("Experiments on IXI and fastMRI show gains.", [("IXI", EntityType.DATASET), ("fastMRI", EntityType.DATASET)]),
    ],
)
def test_coined_names_listed_with_a_known_one_share_its_kind(
    abstract: str, expected: list[tuple[str, EntityType]]
) -> None:
    assert [(m.name, m.type) for m in mentions(abstract)] == expected
    coined = next(name for name, _ in expected if name in {"FooBar-5K", "FooNetV2", "fastMRI"})
    assert by_name(abstract)[coined].evidence.rule == "list_companion"


@pytest.mark.parametrize(
    "abstract",
    [
        "We train on ImageNet, and FooNet-X improves the accuracy.",
        "To improve consistency, we propose Multi-scale Temporal RoPE, Cross-Frame Error Correction, and Random Masks.",
        "It needs ge49 frames, ImageNet and ge50 frames.",
        "Modes reliable on Gemini and OpenAI can fail on Llama.",
    ],
)
def test_list_companions_need_a_list_of_others_names(abstract: str) -> None:
    assert [m for m in mentions(abstract) if m.evidence.rule == "list_companion"] == []
