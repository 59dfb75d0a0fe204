"""One entity per name, whatever the spelling or alias."""

from kg.model import EntityType
from kg.resolve.entities import EntityIndex


def test_spellings_and_aliases_denote_one_entity():
    index = EntityIndex()
    moe = index.add("MoE", EntityType.METHOD, ["Mixture-of-Experts"])
    assert index.add("Mixture of Experts", EntityType.METHOD) is moe
    assert index.find("mixture-of-experts") is moe
    assert moe.id == "method:moe" and moe.aliases == ["Mixture-of-Experts"]


def test_known_alias_links_a_new_name_to_the_entity():
    index = EntityIndex()
    cifar = index.add("CIFAR-10", EntityType.DATASET)
    assert index.add("CIFAR10", EntityType.DATASET) is cifar
    assert cifar.aliases == [] and len(index) == 1


def test_different_names_are_different_entities():
    index = EntityIndex()
    assert index.add("ImageNet", EntityType.DATASET) is not index.add("COCO", EntityType.DATASET)
    assert {e.id for e in index} == {"dataset:imagenet", "dataset:coco"}
