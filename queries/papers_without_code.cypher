// Papers without code: papers that link no code repository, most central first.
//
// Parameters:
//   limit = 50  how many papers to list
//
// "Without code" means no HAS_CODE relationship: kg found no repository URL in the
// paper's listing. Ordered by PageRank, ties by paper id.
MATCH (p:Paper)
WHERE NOT (p)-[:HAS_CODE]->()
RETURN p.id AS paper, p.title AS title, p.pagerank AS pagerank
ORDER BY pagerank DESC, paper
LIMIT $limit
