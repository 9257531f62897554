-- Helpers of Kusto's aggregates (src/sql/aggregates.ts).
-- make_set: https://learn.microsoft.com/kusto/query/make-set-aggregation-function
-- make_bag: https://learn.microsoft.com/kusto/query/make-bag-aggregation-function
-- Edge cases:
--   * make_set's order is undefined in Kusto; kqlduck sorts it (see src/sql/aggregates.ts);
--   * make_set of a dynamic array adds the array's elements, not the array;
--   * make_bag (and bag_merge) merge bags; a key in several bags keeps one of its values (Kusto: "an
--     arbitrary value"), here the first bag's, as bag_merge's doc example shows; values that are not bags
--     are skipped.

-- the items a row adds to make_set: an array's elements, or the value itself
CREATE OR REPLACE MACRO kql_set_items(p_j) AS
  CASE WHEN json_type(p_j) = 'ARRAY' THEN json_extract(p_j, '$[*]') ELSE [p_j] END;

-- the merge of a list of bags (JSON objects): a key keeps its first value (map_concat keeps the last, so
-- the list is reversed)
CREATE OR REPLACE MACRO kql_bag_merge(p_bags) AS
  coalesce(to_json(list_reduce(list_transform(list_reverse(p_bags), lambda __b: CAST(__b AS MAP(VARCHAR, JSON))),
                               lambda __a, __b: map_concat(__a, __b), MAP {}::MAP(VARCHAR, JSON))), '{}'::JSON);
