// Datasets per community: the datasets each community's papers use or propose, with how many papers.
//
// Parameters: none
//
// A paper belongs to its `community`; a dataset counts for the community once per
// paper of it that uses or proposes the dataset. Ordered by community, then papers
// (most first), then dataset id.
MATCH (p:Paper)-[:PROPOSES|USES_DATASET]->(d:Dataset)
RETURN p.community AS community, p.community_label AS community_label, d.id AS dataset,
       d.name AS name, count(DISTINCT p) AS papers
ORDER BY community, papers DESC, dataset
