// Members and label of a community: every node of one community, most central first, with the community's label.
//
// Parameters:
//   community = 0  the community number (0 is the largest community, 1 the next, ...)
//
// Communities are kg's seeded community detection on the knowledge view; the label
// names the community's top methods, datasets and title terms. Listings are in no
// community (-1). Ordered by PageRank, ties by node id.
MATCH (n:Paper|Method|Dataset|Repository|Link|Organization|Author|Listing|CitedWork)
WHERE n.community = $community
RETURN n.community_label AS community_label, n.id AS node, n.kind AS kind, n.label AS label,
       n.pagerank AS pagerank
ORDER BY pagerank DESC, node
