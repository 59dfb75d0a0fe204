// Shortest path between two papers: the nodes along a shortest chain of relations joining them.
//
// Parameters:
//   source = ""  the first paper, by id or title, any case ("" = the paper with the highest PageRank, ties by id)
//   target = ""  the second paper, by id or title, any case ("" = the other paper of the source's community with the highest PageRank, ties by id)
//
// Every relationship type except LISTED_IN counts, in either direction. Of all
// shortest paths, the first in node id order. One row per node on the path (step 0
// is the source); no rows when the papers are not connected or are the same paper.
CALL () {
  MATCH (a:Paper)
  WHERE $source = "" OR toLower($source) IN [toLower(a.id), toLower(coalesce(a.title, ""))]
  RETURN a
  ORDER BY CASE WHEN $source = "" THEN a.pagerank ELSE 0 END DESC, a.id
  LIMIT 1
}
CALL (a) {
  MATCH (b:Paper)
  WHERE b <> a AND CASE WHEN $target = "" THEN b.community = a.community
                        ELSE toLower($target) IN [toLower(b.id), toLower(coalesce(b.title, ""))] END
  RETURN b
  ORDER BY CASE WHEN $target = "" THEN b.pagerank ELSE 0 END DESC, b.id
  LIMIT 1
}
MATCH path = allShortestPaths((a)-[:PROPOSES|USES_METHOD|USES_DATASET|HAS_CODE|HAS_LINK|CITES|AUTHORED_BY|AFFILIATED_WITH*]-(b))
WITH path
ORDER BY [n IN nodes(path) | n.id]
LIMIT 1
UNWIND range(0, length(path)) AS step
WITH step, nodes(path)[step] AS n
RETURN step, n.id AS node, n.kind AS kind, n.label AS label
ORDER BY step
