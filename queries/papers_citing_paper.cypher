// Papers citing a paper: every paper that cites a paper, explicitly or by inference, with the evidence.
//
// Parameters:
//   paper = ""  the cited paper (or cited work), by id or title, any case ("" = the most cited one, ties by id)
//
// Explicit citations come from reference lists; inferred ones from a paper naming a
// method or dataset another paper proposes (inferred = true, with the rule, the
// confidence, the sentence and the file it was read from). One row per citing paper.
CALL () {
  MATCH (c:Paper|CitedWork)
  WHERE $paper <> "" AND toLower($paper) IN [toLower(c.id), toLower(coalesce(c.title, ""))]
  RETURN c
  UNION
  MATCH (x)-[:CITES]->(c)
  WHERE $paper = ""
  WITH c, count(DISTINCT x) AS citing
  ORDER BY citing DESC, c.id
  LIMIT 1
  RETURN c
}
MATCH (x)-[r:CITES]->(c)
RETURN c.id AS cited, c.title AS cited_title, x.id AS citing, x.title AS citing_title,
       r.inferred AS inferred, r.confidence AS confidence, coalesce(r.rule, "") AS rule,
       coalesce(r.evidence, "") AS evidence, coalesce(r.source, "") AS source
ORDER BY cited, citing
