"""Each proposal rule on texts that announce a name, and on texts that only look similar."""

from __future__ import annotations

import textwrap

import pytest

from kg.extract.proposals import find_proposals
from kg.ids import name_key
from kg.extract.text import clean_markup
from kg.model import EntityType, Proposal, Record


def _paper(title: str, abstract: str = "") -> Record:
    return Record("page.txt", 1, "hf_daily_text", title, textwrap.dedent(abstract).strip())


def _names(title: str, abstract: str = "") -> list[str]:
    return [proposal.name for proposal in find_proposals(_paper(title, abstract))]


def _only(title: str, abstract: str = "") -> Proposal:
    proposals = find_proposals(_paper(title, abstract))
    assert len(proposals) == 1, proposals
    return proposals[0]


# ---------------------------------------------------------------- title prefix
@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Serpent: Scalable and Efficient Image Restoration", "Serpent"),
        ("PB-LLM: Partially Binarized Large Language Models", "PB-LLM"),
        ("seq-JEPA: Autoregressive Predictive Learning of World Models", "seq-JEPA"),
        ("CodeT5+: Open Code Large Language Models", "CodeT5+"),
        ("Faster Diffusion: Rethinking the Role of UNet Encoder", "Faster Diffusion"),
        ("Qwen2.5-Coder Technical Report", "Qwen2.5-Coder"),
    ],
)
def test_title_prefix_is_a_name(title: str, name: str) -> None:
    assert _names(title) == [name]
    assert _only(title).evidence.field == "title"


@pytest.mark.parametrize(
    "title",
    [
        "Survey: Efficient Transformers in Practice",
        "A Review: Graph Neural Networks for Chemistry",
        "Towards Multi-Task Multi-Modal Models: A Video Generative Perspective",
        "Mask is All You Need: Rethinking Mask R-CNN for Text Detection",
        "Cherry on Top: Parameter Heterogeneity and Quantization in Large Language Models",
        "Bilevel Optimization under Unbounded Smoothness: A New Algorithm",
        "Revisiting Structured Variational Autoencoders",
        "Large Language Models: A Survey of Methods",
        "LLMs: What They Know",
    ],
)
def test_title_without_a_name(title: str) -> None:
    assert _names(title) == []


def test_title_prefix_with_acronym_takes_the_acronym() -> None:
    proposal = _only("Mixture of Quantized Experts (MoQE): Low-bit Quantization and Robustness")
    assert (proposal.name, proposal.aliases) == ("MoQE", ("Mixture of Quantized Experts",))


def test_title_prefix_with_version_keeps_the_full_form_as_alias() -> None:
    proposal = _only("ARMOR v0.1: Empowering Autoregressive Multimodal Understanding")
    assert (proposal.name, proposal.aliases) == ("ARMOR", ("ARMOR v0.1",))


def test_title_benchmark_is_a_dataset() -> None:
    assert _only("BiBench: Benchmarking and Analyzing Network Binarization").type is EntityType.DATASET
    assert _only("AnySat: An Earth Observation Model for Any Resolutions").type is EntityType.METHOD


def test_title_phrase_gives_way_to_the_name_the_abstract_uses() -> None:
    title = "Multi-Stage Vision Token Dropping: Towards Efficient Multimodal Models"
    abstract = "We propose Multi-stage Token Dropping (MustDrop), a token pruning method."
    assert _names(title, abstract) == ["MustDrop"]


# ---------------------------------------------------------------- we propose X
@pytest.mark.parametrize(
    ("abstract", "name"),
    [
        ("In this paper, we introduce Falcon, an innovative decoding framework.", "Falcon"),
        ("To address this, we propose Jakiro, leveraging Mixture of Experts (MoE).", "Jakiro"),
        ("In this paper, we present DecompX to tackle these challenges.", "DecompX"),
        ("In this work, we proposes seq-JEPA, a world modeling framework.", "seq-JEPA"),
        ("This paper describes PaTH, a flexible position encoding scheme.", "PaTH"),
        ("We present Discrete Flow Matching, a novel discrete flow paradigm.", "Discrete Flow Matching"),
        ("Additionally, we introduce a Custom-Designed Decoding Tree, which permits drafting.",
         "Custom-Designed Decoding Tree"),
        ("Further, we propose Fixed-Sum Discrete Diffusion--the first such framework.",
         "Fixed-Sum Discrete Diffusion"),
        ("In this report, we introduce the Qwen2.5-Coder series, an upgrade from CodeQwen1.5.",
         "Qwen2.5-Coder"),
        ("In this work we introduce the Pheme model series. Pheme checkpoints are public.", "Pheme"),
        ("We propose PV-Tuning - a representation-agnostic framework.", "PV-Tuning"),
    ],
)
def test_we_propose_names(abstract: str, name: str) -> None:
    assert _names("A plain title", abstract) == [name]


@pytest.mark.parametrize(
    "abstract",
    [
        "We propose a novel slow-fast architecture that circumvents this trade-off.",
        "We propose to concatenate the masked person and the garment images.",
        "We present a Bayesian approach to model selection.",
        "We introduce a novel FL algorithm to handle heterogeneity.",
        "We propose a convex relaxation, \\method, that works well for others.",
        "We introduce variants of location attention building on Dubois et al. (2020).",
        "We propose LoRA-based adapters for each layer.",
        "We introduce MoE layers into the decoder.",
        "Knowledge distillation has been proposed as a compression technique.",
        "We present Code at the end. We provide Results in the appendix.",
        "We present a family of such simple architectures for mobile targets.",
    ],
)
def test_we_propose_without_a_name(abstract: str) -> None:
    assert _names("A plain title", abstract) == []


@pytest.mark.parametrize(
    ("abstract", "name", "aliases"),
    [
        ("We propose Bidirectional Alignment (BiAlign) to leverage preferences.",
         "BiAlign", ("Bidirectional Alignment",)),
        ("We propose Union-of-Experts (UoE), which decomposes transformers.",
         "UoE", ("Union-of-Experts",)),
        ("We propose a novel approach, Partially-Binarized LLM (PB-LLM), which binarizes.",
         "PB-LLM", ("Partially-Binarized LLM",)),
        ("We present a novel method of Bi-directional Masks (Bi-Mask) for sparse training.",
         "Bi-Mask", ("Bi-directional Masks",)),
        ("In this paper, we introduce AdaQR (Adaptive Query Rewriting), a framework.",
         "AdaQR", ("Adaptive Query Rewriting",)),
        ("We propose an Texture-Preserving Diffusion (TPD) model for virtual try-on.",
         "TPD", ("Texture-Preserving Diffusion",)),
    ],
)
def test_long_form_and_acronym_become_name_and_alias(abstract: str, name: str, aliases: tuple[str, ...]) -> None:
    proposal = _only("A plain title", abstract)
    assert (proposal.name, proposal.aliases) == (name, aliases)


def test_apposition_after_a_description() -> None:
    abstract = "We present a multi-task fine-tuning framework, MFTcoder, that enables parallel tuning."
    assert _names("A plain title", abstract) == ["MFTcoder"]


def test_apposition_after_a_prior_cue_is_not_a_proposal() -> None:
    abstract = "We propose a method built on the popular backbone, ResNet-50, for detection."
    assert _names("A plain title", abstract) == []


def test_components_listed_after_an_announcement() -> None:
    abstract = ("We design the architecture of our model, including Selective Multi-Head Attention "
                "(SMHA) and Union-of-MLP-Experts (UoME).")
    assert _names("A plain title", abstract) == ["SMHA", "UoME"]


def test_coordinated_pairs_after_we_propose() -> None:
    abstract = ("We propose the Weight Distribution Regularization Loss (WDR-Loss) and Group "
                "Progressive Guidance Loss (GPG-Loss) to bridge the gap.")
    assert _names("A plain title", abstract) == ["WDR-Loss", "GPG-Loss"]


def test_prior_acronym_in_a_proposal_sentence_is_not_a_proposal() -> None:
    abstract = ("We introduce LLMCad, an inference engine designed for generative Natural Language "
                "Processing (NLP) tasks, with Non-Maximum Suppression (NMS).")
    assert _names("A plain title", abstract) == ["LLMCad"]


# ---------------------------------------------------------------- called / named / dubbed
@pytest.mark.parametrize(
    ("abstract", "names"),
    [
        ("We introduce a new paradigm for pruning LLMs, called Compresso.", ["Compresso"]),
        ("We propose a simple yet effective one-for-all KD framework called OFA-KD, which helps.",
         ["OFA-KD"]),
        ("Equipped with these components, the proposed method named MAYOR performs well.", ["MAYOR"]),
        ("We design a new bilevel optimization algorithm, namely BO-REP, to address this.", ["BO-REP"]),
        ("We pretrained two Bioformer models (named Bioformer8L and Bioformer16L) for text.",
         ["Bioformer8L", "Bioformer16L"]),
        ("Our method called Sparse masKed modeling (SparK) is general.", ["SparK"]),
        ("A novel metric is proposed, namely rank of attention maps (ARank).", ["ARank"]),
    ],
)
def test_named_rule(abstract: str, names: list[str]) -> None:
    assert _names("A plain title", abstract) == names


@pytest.mark.parametrize(
    "abstract",
    [
        "Combined with a recently proposed training technique called LISA, our algorithm scales.",
        "This is a so-called Transformer layer, as in previous work.",
        "The model is evaluated with a metric called accuracy.",
        "Prior work uses a technique named Dropout for regularization.",
    ],
)
def test_named_rule_negatives(abstract: str) -> None:
    assert _names("A plain title", abstract) == []


def test_refer_to_as() -> None:
    abstract = "We refer to the modified RPS, which incorporates our improvements, as STABLE-RPS."
    assert _names("A plain title", abstract) == ["STABLE-RPS"]


def test_our_fine_tuned_model_apposition() -> None:
    abstract = "Leveraging CodeLLama, our fine-tuned model, CodeFuse-CodeLLama-34B, achieves 74.4%."
    assert _names("A plain title", abstract) == ["CodeFuse-CodeLLama-34B"]


def test_novel_apposition_at_sentence_start() -> None:
    assert _names("A plain title", "Sparsey, a novel memory model, stores episodes.") == ["Sparsey"]
    assert _names("A plain title", "We compare with Mamba, a new state space model.") == []


# ---------------------------------------------------------------- variants and merging
def test_size_variants_of_a_proposed_name() -> None:
    title = "ToolAlpaca: Generalized Tool Learning for Language Models"
    abstract = ("This paper introduces ToolAlpaca, a novel framework. We train two models, namely "
                "ToolAlpaca-7B and ToolAlpaca-13B. ToolAlpaca-based agents and ToolAlpaca's tools "
                "are evaluated.")
    assert _names(title, abstract) == ["ToolAlpaca", "ToolAlpaca-7B", "ToolAlpaca-13B"]


def test_marked_variant_is_its_own_artifact() -> None:
    abstract = "We propose FedDCA, which optimizes coverage. FedDCA^*, the variant of FedDCA, is lighter."
    assert _names("A plain title", abstract) == ["FedDCA", "FedDCA^*"]


def test_title_and_abstract_spellings_merge() -> None:
    title = "γ-MoD: Exploring Mixture-of-Depth Adaptation"
    abstract = "We propose an innovative adaptation strategy for existing MLLMs called gamma-MoD."
    proposal = _only(title, abstract)
    assert (proposal.name, proposal.aliases) == ("γ-MoD", ("gamma-MoD",))


def test_title_long_form_merges_with_the_acronym() -> None:
    title = "Union of Experts: Adapting Hierarchical Routing"
    abstract = "To tackle these issues, we propose Union-of-Experts (UoE), which decomposes models."
    proposal = _only(title, abstract)
    assert proposal.name == "UoE"
    assert {name_key(alias) for alias in proposal.aliases} == {name_key("Union of Experts")}


def test_title_phrase_abbreviated_by_the_acronym_merges() -> None:
    title = "One-for-All: Bridge the Gap Between Heterogeneous Architectures"
    abstract = "We propose a simple yet effective one-for-all KD framework called OFA-KD, which helps."
    proposal = _only(title, abstract)
    assert (proposal.name, proposal.aliases) == ("OFA-KD", ("One-for-All",))


def test_name_extended_by_a_word_merges() -> None:
    title = "PaTH Attention: Position Encoding via Householder Transformations"
    abstract = "This paper describes PaTH, a flexible data-dependent position encoding scheme."
    proposal = _only(title, abstract)
    assert (proposal.name, proposal.aliases) == ("PaTH", ("PaTH Attention",))


def test_type_from_the_words_around_the_name() -> None:
    abstract = ("We propose AnySat, a multimodal model. We compile GeoPlex, a collection of 5 "
                "multimodal datasets. We propose a new dataset, World Across Time (WAT), of scenes.")
    kinds = {p.name: p.type for p in find_proposals(_paper("A plain title", abstract))}
    assert kinds == {"AnySat": EntityType.METHOD, "GeoPlex": EntityType.DATASET,
                     "WAT": EntityType.DATASET}


def test_name_key_spells_greek_and_keeps_variant_marks() -> None:
    assert name_key("γ-MoD") == name_key("Gamma MoD")
    assert name_key("NeRV++") != name_key("NeRV")
    assert name_key("FedDCA^*") != name_key("FedDCA")


# ---------------------------------------------------------------- evidence
LATEX_ABSTRACT = r"""
    Existing methods such as Fr\'echet-based ones fail. In this paper, we propose
    {\em Column-Row Entangled Pixel Synthesis}~(CREPS), a new generative model.
    CREPS-Large scales further.
"""


def test_evidence_points_at_the_original_text() -> None:
    record = _paper("CREPS: Efficient Generators", LATEX_ABSTRACT)
    for proposal in find_proposals(record):
        evidence = proposal.evidence
        text = getattr(record, evidence.field)
        assert clean_markup(text[evidence.start:evidence.end]) in (proposal.name, *proposal.aliases)
        assert evidence.sentence in text
        assert text[evidence.start:evidence.end] in evidence.sentence
        assert evidence.source == "page.txt"
        assert 0 < evidence.confidence <= 1
        assert evidence.rule


def test_latex_long_form_is_cleaned_in_the_alias() -> None:
    proposals = find_proposals(_paper("A plain title", LATEX_ABSTRACT))
    assert [(p.name, p.aliases) for p in proposals] == [
        ("CREPS", ("Column-Row Entangled Pixel Synthesis",)),
        ("CREPS-Large", ()),
    ]


def test_find_proposals_is_pure() -> None:
    record = _paper("CREPS: Efficient Generators", LATEX_ABSTRACT)
    assert find_proposals(record) == find_proposals(record)


def test_acronym_defined_after_an_announcement() -> None:
    abstract = "In this paper we present a model that produces Discrete InfoMax Codes (DIMCO); we learn codes."
    proposal = _only("A plain title", abstract)
    assert (proposal.name, proposal.aliases) == ("DIMCO", ("Discrete InfoMax Codes",))


@pytest.mark.parametrize(
    "abstract",
    [
        "We propose X-Net, which brings continual learning to Neural Radiance Fields (NeRFs).",
        "We build X-Net with a post-processing step and Non-Maximum Suppression (NMS).",
        "We present X-Net, an implementation of Sparse Mixture-of-Experts (SMoE) on GPUs.",
        "We propose X-Net, unlike Vision Transformer (ViT) models.",
        "We propose X-Net that produces Discrete Codes (XYZ) for retrieval.",
    ],
)
def test_acronym_defined_for_prior_work_is_not_a_proposal(abstract: str) -> None:
    assert _names("A plain title", abstract) == ["X-Net"]


@pytest.mark.parametrize(
    ("abstract", "name", "alias"),
    [
        ("We propose content-motion latent diffusion model (CMD), a novel extension.",
         "CMD", "content-motion latent diffusion model"),
        ("We propose a novel decentralized stochastic bilevel optimization (DSBO) algorithm.",
         "DSBO", "decentralized stochastic bilevel optimization"),
        ("We present Latent Spectral Models (LSM) toward an efficient solver.", "LSM", "Latent Spectral Models"),
        ("We propose Context-aware Biases for Length Extrapolation (Cable), which learns biases.",
         "Cable", "Context-aware Biases for Length Extrapolation"),
    ],
)
def test_object_defined_with_an_acronym(abstract: str, name: str, alias: str) -> None:
    proposal = _only("A plain title", abstract)
    assert (proposal.name, proposal.aliases) == (name, (alias,))


@pytest.mark.parametrize(
    "abstract",
    [
        "We propose a method for visual question answering (VQA) in videos.",
        "We present a self-supervised framework leveraging quantitative MRI (qMRI).",
        "We propose a model that handles large language models (LLMs) well.",
        "We propose a simple fix to the evaluation (see Appendix).",
    ],
)
def test_object_with_someone_elses_acronym(abstract: str) -> None:
    assert _names("A plain title", abstract) == []


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("KodCode: A Diverse, Challenging, and Verifiable Synthetic Dataset for Coding", EntityType.DATASET),
        ("Diversity-Driven Synthesis: Enhancing Dataset Distillation through Weights", EntityType.METHOD),
        ("WavTokenizer: an Efficient Acoustic Discrete Codec Tokenizer for Audio", EntityType.METHOD),
    ],
)
def test_kind_from_the_subtitle_head(title: str, kind: EntityType) -> None:
    assert _only(title).type is kind


def test_benchmarks_a_method_is_tested_on_do_not_make_it_a_dataset() -> None:
    abstract = "The proposed method named MAYOR achieves the best results on five benchmarks."
    assert _only("A plain title", abstract).type is EntityType.METHOD


@pytest.mark.parametrize(
    ("abstract", "names"),
    [
        ("We study sets. This TokenSet enhances global context aggregation.", ["TokenSet"]),
        ("The proposed Poly-INR model performs comparably to prior work.", ["Poly-INR"]),
        ("Results on two public datasets show that our SCPRG outperforms baselines.", ["SCPRG"]),
        ("Our PC-based algorithm runs fast, and our all-MLP model and our INRs are small.", []),
        ("Our BERT baseline and our 7B model are strong.", []),
    ],
)
def test_our_name(abstract: str, names: list[str]) -> None:
    assert _names("A plain title", abstract) == names


def test_our_name_takes_no_kind_from_an_earlier_clause() -> None:
    abstract = "Experiments on two public datasets show that our SCPRG outperforms baselines."
    assert _only("A plain title", abstract).type is EntityType.METHOD


def test_named_in_a_first_person_sentence() -> None:
    abstract = "We achieve this via a hybrid quantization strategy called QUIK, which compresses weights."
    assert _names("A plain title", abstract) == ["QUIK"]
    assert _names("A plain title", "We compare against a strong baseline called QUIK.") == []


def test_we_call_our_networks() -> None:
    abstract = ("We call our networks, which update their own hyperparameters online during training, "
                "Self-Tuning Networks (STNs).")
    proposal = _only("A plain title", abstract)
    assert (proposal.name, proposal.aliases) == ("STNs", ("Self-Tuning Networks",))


def test_title_prefix_with_inline_math() -> None:
    assert _names("LeC$^2$O-NeRF: Learning Continuous and Compact Occupancy") == ["LeC^2O-NeRF"]


# ---------------------------------------------------------------- several names in one paper
@pytest.mark.parametrize(
    ("abstract", "names"),
    [
        ("We introduce Phi-4-Mini and Phi-4-Multimodal, compact yet capable models.",
         ["Phi-4-Mini", "Phi-4-Multimodal"]),
        ("In this paper, we present MLICv2 and MLICv2^+, enhanced versions of MLIC.", ["MLICv2", "MLICv2^+"]),
        ("We propose FooNet, BarNet, and BazNet.", ["FooNet", "BarNet", "BazNet"]),
        ("We propose FooNet and ResNet-50 baselines for comparison.", ["FooNet"]),
        ("We propose FooNet and evaluate it on GLUE.", ["FooNet"]),
        ("We propose FooNet and Transformer layers that share weights.", ["FooNet"]),
    ],
)
def test_names_joined_to_an_announced_one(abstract: str, names: list[str]) -> None:
    assert _names("A plain title", abstract) == names


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        ("Secondly, a Cascade Group Strip Mixing Module (CGSMM) is proposed to overcome degradation.",
         [("CGSMM", ("Cascade Group Strip Mixing Module",))]),
        ("In addition, a simple token merging module (TMM) is introduced.",
         [("TMM", ("token merging module",))]),
        ("Then, XNet is proposed to fix the imbalance.", [("XNet", ())]),
        ("Several Variational Autoencoder (VAE) based techniques have been proposed in the past.", []),
        ("Previously, a Token Merging Module (TMM) is proposed to fix it.", []),
        ("A Token Merging Module (TMM) is proposed by Bolya et al.", []),
        ("Then a module for visual question answering (VQA) is proposed.", []),
        ("Then, the BERT model is proposed.", []),
    ],
)
def test_passive_announcement(abstract: str, expected: list[tuple[str, tuple[str, ...]]]) -> None:
    proposals = find_proposals(_paper("A plain title", abstract))
    assert [(p.name, p.aliases) for p in proposals] == expected


@pytest.mark.parametrize(
    ("abstract", "names"),
    [
        ("Our novel Bias Loss focuses the training on a set of valuable data points.", ["Bias Loss"]),
        ("Our novel Vision Transformer achieves strong results.", []),
        ("Our new Large Language Models are strong.", []),
        ("Our novel design achieves strong results.", []),
    ],
)
def test_our_novel_phrase(abstract: str, names: list[str]) -> None:
    assert _names("A plain title", abstract) == names


def test_acronym_after_a_dash_of_apposition() -> None:
    abstract = "We present a simple and effective pretraining strategy -- bidirectional training (BiT) for NMT."
    proposal = _only("A plain title", abstract)
    assert (proposal.name, proposal.aliases) == ("BiT", ("bidirectional training",))
    assert _names("A plain title", "We present a method for robust and visual question answering (VQA).") == []


def test_a_family_of_named_models() -> None:
    assert _names("A plain title", "We present a family of SkipNet models with more descriptors.") == ["SkipNet"]
    assert _names("A plain title", "We present a family of SkipNet-like models with more descriptors.") == []


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        ("In this paper, we propose a novel model: Deep Interest Network (DIN) which tackles this.",
         [("DIN", ("Deep Interest Network",))]),
        ("We propose a new model: Graph Neural Network (GNN) layers.", []),
        ("We propose a method: Deep Network, which is fast.", []),
    ],
)
def test_name_after_a_colon_of_apposition(abstract: str, expected: list[tuple[str, tuple[str, ...]]]) -> None:
    assert [(p.name, p.aliases) for p in find_proposals(_paper("A plain title", abstract))] == expected


@pytest.mark.parametrize(
    ("abstract", "names"),
    [
        ("Furthermore, we extend the structure of S-KAN and propose an activation space selectable "
         "Convolutional KAN (S-ConvKAN), which achieves leading results.", ["S-ConvKAN"]),
        ("Our method introduces a novel Spatio-Temporal Alignment Block (STAB) that processes video.", ["STAB"]),
        ("Smith et al. extended ResNet and proposed DenseNet-X.", []),
        ("We extend the model and propose to use pruning.", []),
    ],
)
def test_announcements_with_a_second_verb_or_our_method(abstract: str, names: list[str]) -> None:
    assert _names("A plain title", abstract) == names


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        ("Lastly, we use the proposed Conditional Quantization-Aware Accuracy Predictor (CQAP) as an estimator.",
         [("CQAP", ("Conditional Quantization-Aware Accuracy Predictor",))]),
        ("Our novel Token Merging Module (TMM) is fast.", [("TMM", ("Token Merging Module",))]),
        ("We compare with the proposed Low-Rank Adaptation (LoRA) of Hu et al.", []),
        ("The results of the proposed Fast Sampler (XYZ) are good.", []),
    ],
)
def test_acronym_marked_as_proposed(abstract: str, expected: list[tuple[str, tuple[str, ...]]]) -> None:
    assert [(p.name, p.aliases) for p in find_proposals(_paper("A plain title", abstract))] == expected


@pytest.mark.parametrize(
    ("abstract", "names"),
    [
        ("Our model, ByteFormer, achieves an ImageNet accuracy of 77%.", ["ByteFormer"]),
        ("Our proposed module, Region-Adaptive Transform, applies adaptive convolutions.",
         ["Region-Adaptive Transform"]),
        ("Our baseline model, BERT, is strong.", []),
        ("Our model, which is fast, is good.", []),
    ],
)
def test_our_model_apposition(abstract: str, names: list[str]) -> None:
    assert _names("A plain title", abstract) == names


def test_our_proposed_model_may_bear_a_known_name() -> None:
    abstract = "Specifically, our proposed model, DeepLabv3+, extends DeepLabv3 with a decoder."
    assert _names("A plain title", abstract)[0] == "DeepLabv3+"


@pytest.mark.parametrize(
    ("abstract", "names"),
    [
        ("To do so, we propose a framework with two key components: 1) LLMConfig-Gym, a multi-fidelity "
         "environment; 2) a structured agent.", ["LLMConfig-Gym"]),
        ("OTOv2 proposes two improvements: (i) Autonomy: it exploits groups; and (ii) Dual Half-Space "
         "Projected Gradient (DHSPG): a novel optimizer.", ["DHSPG"]),
        ("We compare (1) ResNet-50, a strong baseline, and (2) ViT.", []),
        ("The pipeline has three stages: 1) Warmup, a short phase.", []),
    ],
)
def test_numbered_parts(abstract: str, names: list[str]) -> None:
    assert _names("A plain title", abstract) == names


def test_sentence_opening_with_a_coined_name_called_novel() -> None:
    assert _names("A plain title", "FooNet is a novel framework for retrieval.") == ["FooNet"]
    assert _names("A plain title", "BERT is a new kind of model.") == []


@pytest.mark.parametrize(
    "abstract",
    [
        "We introduce three measurable geometric statistics: α (polarity coupling), and λ.",
        "We formulate a robust problem and develop a weighted minimum mean square error (WMMSE)-based algorithm.",
        "We extend the notion to pairs, and propose a novel task of Distortion Graph (DG).",
        "Cross-domain few-shot segmentation (CD-FSS) is proposed to pre-train the model.",
    ],
)
def test_announcing_words_before_no_artifact(abstract: str) -> None:
    assert _names("A plain title", abstract) == []


def test_an_acronym_of_a_whole_pair_is_not_split() -> None:
    names = _names("A plain title", "We present a novel Hyper-GCN and Shuffle Mamba (HGMamba) block.")
    assert "Shuffle Mamba" not in names


@pytest.mark.parametrize(
    ("abstract", "names"),
    [
        ("This preliminary white paper proposes a novel 8-bit floating-point data format HiFloat8 "
         "(abbreviated as HiF8) for deep learning.", ["HiFloat8"]),
        ("We propose a new benchmark CUActSpot for evaluating models.", ["CUActSpot"]),
        ("We propose a framework ViT-based for detection.", []),
        ("We introduce a dataset MMLU-Pro for testing.", []),
        ("We propose a simple model FooNet achieves gains.", []),
    ],
)
def test_kind_noun_then_coined_name(abstract: str, names: list[str]) -> None:
    assert _names("A plain title", abstract) == names


def test_a_capitalised_word_after_a_colon_may_open_a_clause() -> None:
    abstract = "We introduce an efficiency strategy: Joint generation of low resolution sequences."
    assert _names("A plain title", abstract) == []


def test_lower_case_components_in_an_opened_list() -> None:
    abstract = ("To address this issue, we propose an efficient DM for IR (DiffIR), which consists of a compact "
                "IR prior extraction network (CPEN), dynamic IR transformer (DIRformer), and denoising network.")
    found = {p.name: p.aliases for p in find_proposals(_paper("A plain title", abstract))}
    assert found["CPEN"] == ("compact IR prior extraction network",)
    assert found["DIRformer"] == ("dynamic IR transformer",)


@pytest.mark.parametrize(
    "abstract",
    [
        "For data scaling, we introduce a Warmup-Stable-Decay (WSD) learning rate scheduler (LRS), for training.",
        "We propose FooNet, which consists of a graph neural network (GNN) and a long short-term memory (LSTM).",
        "We propose FooNet, including a module for visual question answering (VQA).",
    ],
)
def test_lower_case_pairs_that_are_no_parts(abstract: str) -> None:
    names = _names("A plain title", abstract)
    assert not {"LRS", "GNN", "LSTM", "VQA"} & set(names)


@pytest.mark.parametrize(
    ("abstract", "names"),
    [
        ("For the micro-level, we take both advantages into account, introducing Flexible Dual Binarization (FDB).",
         ["FDB"]),
        ("Recent work extends ResNet, introducing Dense Connections (DC).", []),
        ("We train it, introducing noise into the data.", []),
    ],
)
def test_participle_announces_in_a_first_person_sentence(abstract: str, names: list[str]) -> None:
    assert _names("A plain title", abstract) == names
