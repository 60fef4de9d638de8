import { BOUNDS_SQL, denseHistogramSql, sumHistogramsSql } from './histogram';

/**
 * request_logs rows of [$1, $2) with their latency and TTFT bucket numbers (`lb`, `tb`; `tb` is NULL
 * without a TTFT) and `extra` columns; every statistics query over raw rows starts from this scan.
 */
export function bucketedLogsSql(extra = ''): string {
  return `
    SELECT user_id, model, api_id, status_code, prompt_tokens, completion_tokens, cost_usd,
           width_bucket(latency_ms, ${BOUNDS_SQL}) AS lb, width_bucket(ttft_ms, ${BOUNDS_SQL}) AS tb${extra ? `, ${extra}` : ''}
      FROM request_logs
     WHERE created_at >= $1 AND created_at < $2`;
}

/**
 * SQL: the rows of `source` (shaped by bucketedLogsSql) summed per `keys`: requests, errors, tokens,
 * cost, and dense latency / TTFT histograms — all in one scan. GROUPING SETS counts each group's rows
 * per latency bucket and per TTFT bucket in the same pass; the outer GROUP BY (which, unlike a join,
 * treats NULL keys as equal) folds those counts into one row per group.
 */
export function aggregateLogsSql(source: string, keys: readonly string[]): string {
  const k = keys.join(', ');
  return `
  SELECT ${k}, requests, errors, prompt_tokens, completion_tokens, cost_usd,
         ${denseHistogramSql('lat_k', 'lat_n')} AS latency_hist, ${denseHistogramSql('ttft_k', 'ttft_n')} AS ttft_hist, ttft_count
  FROM (
    SELECT ${k},
           sum(n) FILTER (WHERE grouping_set = 3)::bigint AS requests,
           sum(errors) FILTER (WHERE grouping_set = 3)::bigint AS errors,
           sum(prompt_tokens) FILTER (WHERE grouping_set = 3)::bigint AS prompt_tokens,
           sum(completion_tokens) FILTER (WHERE grouping_set = 3)::bigint AS completion_tokens,
           sum(cost_usd) FILTER (WHERE grouping_set = 3) AS cost_usd,
           array_agg(lb) FILTER (WHERE grouping_set = 1) AS lat_k,
           array_agg(n) FILTER (WHERE grouping_set = 1) AS lat_n,
           array_agg(tb) FILTER (WHERE grouping_set = 2 AND tb IS NOT NULL) AS ttft_k,
           array_agg(n) FILTER (WHERE grouping_set = 2 AND tb IS NOT NULL) AS ttft_n,
           coalesce(sum(n) FILTER (WHERE grouping_set = 2 AND tb IS NOT NULL), 0)::int AS ttft_count
      FROM (
        SELECT ${k}, lb, tb, GROUPING(lb, tb) AS grouping_set, count(*) AS n,
               count(*) FILTER (WHERE status_code >= 400) AS errors,
               coalesce(sum(prompt_tokens), 0) AS prompt_tokens, coalesce(sum(completion_tokens), 0) AS completion_tokens,
               coalesce(sum(cost_usd), 0) AS cost_usd
          FROM (${source}) AS logs
         GROUP BY GROUPING SETS ((${k}), (${k}, lb), (${k}, tb))
      ) AS sets
     GROUP BY ${k}
  ) AS grouped`;
}

/** Series bucket of a timestamp column: epoch seconds floored to $3 seconds (UTC-aligned). */
const seriesBucketSql = (column: string) => `(floor(extract(epoch FROM ${column}) / $3) * $3)::float8`;

/**
 * Per-hour totals of [$1, $2) summed per series bucket of $3 seconds (at most 720 rows read).
 * Histograms travel as comma-separated text: node-pg's generic array parser costs more than the query.
 */
export const ROLLUP_SERIES_SQL = `
  SELECT ${seriesBucketSql('hour')} AS t,
         sum(requests)::float8 AS requests, sum(errors)::float8 AS errors,
         sum(prompt_tokens)::float8 AS prompt_tokens, sum(completion_tokens)::float8 AS completion_tokens,
         sum(cost_usd)::float8 AS cost_usd,
         array_to_string(${sumHistogramsSql('latency_hist')}, ',') AS latency_hist,
         array_to_string(${sumHistogramsSql('ttft_hist')}, ',') AS ttft_hist
    FROM request_stats_hourly_totals
   WHERE hour >= $1 AND hour < $2
   GROUP BY 1`;

/** Raw request_logs rows of [$1, $2) (the hour not rolled up yet) per series bucket of $3 seconds. */
export const RAW_SERIES_SQL = `
  SELECT t, requests::float8 AS requests, errors::float8 AS errors, prompt_tokens::float8 AS prompt_tokens,
         completion_tokens::float8 AS completion_tokens, cost_usd::float8 AS cost_usd,
         array_to_string(latency_hist, ',') AS latency_hist, array_to_string(ttft_hist, ',') AS ttft_hist
    FROM (${aggregateLogsSql(bucketedLogsSql(`${seriesBucketSql('created_at')} AS t`), ['t'])}) AS buckets`;

/**
 * The 10 busiest `key`s (user_id or model): rollup rows of [$1, $2) plus raw rows of [$3, $4).
 * Ties go to the smaller key, so the order is stable.
 */
function topSql(key: 'user_id' | 'model', select: string, join = ''): string {
  return `
  WITH parts AS (
    SELECT ${key} AS key, requests::bigint AS requests, errors::bigint AS errors,
           prompt_tokens + completion_tokens AS tokens, cost_usd
      FROM request_stats_hourly
     WHERE hour >= $1 AND hour < $2 AND ${key} IS NOT NULL
    UNION ALL
    SELECT ${key}, count(*), count(*) FILTER (WHERE status_code >= 400),
           coalesce(sum(coalesce(prompt_tokens, 0) + coalesce(completion_tokens, 0)), 0), coalesce(sum(cost_usd), 0)
      FROM request_logs
     WHERE created_at >= $3 AND created_at < $4 AND ${key} IS NOT NULL
     GROUP BY ${key}
  ), top AS (
    SELECT key, sum(requests) AS requests, sum(errors) AS errors, sum(tokens) AS tokens, sum(cost_usd) AS cost_usd
      FROM parts GROUP BY key ORDER BY sum(requests) DESC, key LIMIT 10
  )
  SELECT top.key::text AS key, ${select} top.requests::float8 AS requests, top.errors::float8 AS errors,
         top.tokens::float8 AS tokens, top.cost_usd::float8 AS cost_usd
    FROM top ${join}
   ORDER BY top.requests DESC, top.key`;
}

/** Top users with their current name (NULL once the user is deleted). */
export const TOP_USERS_SQL = topSql('user_id', 'u.name,', 'LEFT JOIN api_users u ON u.id = top.key');
export const TOP_MODELS_SQL = topSql('model', '');
