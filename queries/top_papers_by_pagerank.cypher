// Top papers by PageRank: the most central papers of the whole graph, with their community.
//
// Parameters:
//   limit = 10  how many papers to list
//
// PageRank is the `pagerank` property, computed on the knowledge view (every relation
// but listings, read undirected). Ties are broken by paper id.
MATCH (p:Paper)
RETURN p.id AS paper, p.title AS title, p.pagerank AS pagerank, p.community AS community,
       p.community_label AS community_label
ORDER BY pagerank DESC, paper
LIMIT $limit
