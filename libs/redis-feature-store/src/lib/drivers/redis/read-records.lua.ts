/**
 * Reads records, some through a field of an earlier one, in one call (`RecordRead`).
 * ARGV[1]: the key prefix; then per read either `k`, key; or `f`, the index (1-based) of the
 * earlier read, field, prefix, suffix. Returns one flat HGETALL reply per read (empty: missing).
 *
 * The followed keys are not declared in KEYS: this needs a standalone Redis (or one node). On
 * Redis Cluster the same reads take two pipelined round trips (see README).
 */
export const READ_RECORDS_LUA = `
local prefix = ARGV[1]
local keys, out = {}, {}
local i, n = 2, 0
while i <= #ARGV do
  n = n + 1
  local key
  if ARGV[i] == 'k' then
    key = prefix .. ARGV[i + 1]
    i = i + 2
  else
    local source = keys[tonumber(ARGV[i + 1])]
    local value = source and redis.call('HGET', source, ARGV[i + 2])
    if value then key = prefix .. ARGV[i + 3] .. value .. ARGV[i + 4] end
    i = i + 5
  end
  keys[n] = key
  out[n] = key and redis.call('HGETALL', key) or {}
end
return out
`;
