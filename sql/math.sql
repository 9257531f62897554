-- Kusto arithmetic helpers.
-- https://learn.microsoft.com/kusto/query/numerical-operators
-- Edge cases: Kusto's % result is never negative (-7 % 3 is 2); DuckDB's % follows the dividend's sign.
-- Integer division by zero is null in both.

CREATE OR REPLACE MACRO kql_mod(p_a, p_b) AS
  CASE WHEN p_a % p_b < 0 THEN p_a % p_b + abs(p_b) ELSE p_a % p_b END;
