// Most used datasets: datasets ranked by how many papers use them.
//
// Parameters:
//   limit = 20  how many datasets to list
//
// A paper uses a dataset when kg found it named in the title or abstract
// (USES_DATASET); proposing a dataset is not using it. Ties are broken by dataset id.
MATCH (p:Paper)-[:USES_DATASET]->(d:Dataset)
RETURN d.id AS dataset, d.name AS name, count(DISTINCT p) AS papers
ORDER BY papers DESC, dataset
LIMIT $limit
