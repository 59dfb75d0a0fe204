// Methods co-used with a method: the methods that appear in the same papers as a method, with how many papers they share.
//
// Parameters:
//   method = ""  the method, by id, name or alias, any case ("" = the method the most papers use, ties by id)
//   limit = 20  how many co-used methods to list
//
// A paper's methods are those it proposes or uses, as in kg's method co-occurrence
// network. Ordered by shared papers, ties by method id.
CALL () {
  MATCH (m:Method)
  WHERE $method <> ""
    AND toLower($method) IN [toLower(m.id), toLower(m.name)] + [alias IN coalesce(m.aliases, []) | toLower(alias)]
  RETURN m
  UNION
  MATCH (user:Paper)-[:USES_METHOD]->(m:Method)
  WHERE $method = ""
  WITH m, count(DISTINCT user) AS users
  ORDER BY users DESC, m.id
  LIMIT 1
  RETURN m
}
MATCH (p:Paper)-[:PROPOSES|USES_METHOD]->(m), (p)-[:PROPOSES|USES_METHOD]->(o:Method)
WHERE o <> m
WITH m, o, count(DISTINCT p) AS papers
RETURN m.id AS method_id, m.name AS method_name, o.id AS co_method, o.name AS co_method_name, papers
ORDER BY method_id, papers DESC, co_method
LIMIT $limit
