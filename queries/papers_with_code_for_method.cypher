// Papers with code for a method: papers that propose or use a method and link a code repository.
//
// Parameters:
//   method = ""  the method, by id, name or alias, any case ("" = the method that the most papers with code propose or use, ties by id)
//
// One row per paper, relation (proposes or uses_method) and repository.
CALL () {
  MATCH (m:Method)
  WHERE $method <> ""
    AND toLower($method) IN [toLower(m.id), toLower(m.name)] + [alias IN coalesce(m.aliases, []) | toLower(alias)]
  RETURN m
  UNION
  MATCH (p:Paper)-[:PROPOSES|USES_METHOD]->(m:Method)
  WHERE $method = "" AND (p)-[:HAS_CODE]->()
  WITH m, count(DISTINCT p) AS papers
  ORDER BY papers DESC, m.id
  LIMIT 1
  RETURN m
}
MATCH (p:Paper)-[relation:PROPOSES|USES_METHOD]->(m), (p)-[:HAS_CODE]->(r:Repository)
RETURN m.id AS method_id, m.name AS method_name, p.id AS paper, p.title AS title,
       toLower(type(relation)) AS relation, r.url AS repository
ORDER BY method_id, paper, relation, repository
