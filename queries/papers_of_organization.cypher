// Papers of an organisation: the papers an organisation is credited with, directly or through an author's affiliation.
//
// Parameters:
//   organization = ""  the organisation, by id, name or alias, any case ("" = the organisation with the most papers, ties by id)
//
// A paper is the organisation's when its listing names it (AFFILIATED_WITH from the
// paper) or one of its authors is affiliated with it. Ordered by paper id.
CALL () {
  MATCH (o:Organization)
  WHERE $organization <> ""
    AND toLower($organization) IN [toLower(o.id), toLower(o.name)] + [alias IN coalesce(o.aliases, []) | toLower(alias)]
  RETURN o
  UNION
  MATCH (member:Paper)-[:AUTHORED_BY*0..1]->()-[:AFFILIATED_WITH]->(o:Organization)
  WHERE $organization = ""
  WITH o, count(DISTINCT member) AS papers
  ORDER BY papers DESC, o.id
  LIMIT 1
  RETURN o
}
MATCH (p:Paper)-[:AUTHORED_BY*0..1]->()-[:AFFILIATED_WITH]->(o)
RETURN DISTINCT o.id AS organization_id, o.name AS organization_name, p.id AS paper, p.title AS title,
       coalesce(p.published, "") AS published
ORDER BY organization_id, paper
