// New methods by month: each method under the month it first appears in the corpus.
//
// Parameters: none
//
// A method's first month is the earliest publication month (`published`, YYYY-MM) of a
// paper that proposes or uses it; papers without a known month are not counted.
// Ordered by month, then method id.
MATCH (p:Paper)-[:PROPOSES|USES_METHOD]->(m:Method)
WITH m, substring(coalesce(p.published, ""), 0, 7) AS paperMonth
WHERE paperMonth =~ '[0-9]{4}-[0-9]{2}'
WITH m, min(paperMonth) AS month
RETURN month, m.id AS method, m.name AS name
ORDER BY month, method
