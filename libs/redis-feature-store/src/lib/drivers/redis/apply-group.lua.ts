/**
 * Lua twin of `formatFeatureNumber` (TypeScript): `%d` for safe integers, else the shortest `%g` of
 * 15 to 17 digits that reads back as the same double. A spec checks both write the same text.
 */
export const FORMAT_NUMBER_LUA = `
local function format_number(x)
  if x == math.floor(x) and x > -9007199254740992 and x < 9007199254740992 then
    return string.format('%d', x)
  end
  for precision = 15, 16 do
    local text = string.format('%.' .. precision .. 'g', x)
    if tonumber(text) == x then return text end
  end
  return string.format('%.17g', x)
end
`;

/**
 * Applies one atomic group of a batch, at most once.
 * KEYS[1]: the group's guard; KEYS[2..]: the group's distinct feature keys (declared so that
 * Redis Cluster can route and check the call).
 * ARGV[1]: guard TTL in seconds; ARGV[2]: JSON array of updates, each
 *   [keyIndex, [incrField, delta, ...], [maxField, value, ...], [minField, value, ...],
 *    [[atField, tiebreakField, at, tiebreak, [field, value, ...]], ...], expireSeconds or 0]
 * with every number sent as its JavaScript text, so values are written exactly as given.
 * Returns 1 when applied, 0 when the guard says it was applied before.
 * Everything that can fail (decoding, a key of the wrong type) is checked before the first write:
 * Redis does not roll a script back.
 */
export const APPLY_GROUP_LUA = `
local updates = cjson.decode(ARGV[2])
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
for i = 2, #KEYS do
  local kind = redis.call('TYPE', KEYS[i]).ok
  if kind ~= 'hash' and kind ~= 'none' then
    return redis.error_reply('FEATURE_WRONG_TYPE ' .. kind .. ' ' .. KEYS[i])
  end
end
redis.call('SET', KEYS[1], '1', 'EX', ARGV[1])

${FORMAT_NUMBER_LUA}
-- Byte-wise a > b: Lua's own string comparison follows the server's locale (see latest-stamp.ts).
local function bytes_greater(a, b)
  local length = math.min(#a, #b)
  for i = 1, length do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x > y end
  end
  return #a > #b
end

for _, update in ipairs(updates) do
  local key = KEYS[update[1]]
  local incr, max, min, latest = update[2], update[3], update[4], update[5]
  for j = 1, #incr, 2 do
    local current = tonumber(redis.call('HGET', key, incr[j])) or 0
    redis.call('HSET', key, incr[j], format_number(current + tonumber(incr[j + 1])))
  end
  for j = 1, #max, 2 do
    local current = tonumber(redis.call('HGET', key, max[j]))
    if current == nil or tonumber(max[j + 1]) > current then redis.call('HSET', key, max[j], max[j + 1]) end
  end
  for j = 1, #min, 2 do
    local current = tonumber(redis.call('HGET', key, min[j]))
    if current == nil or tonumber(min[j + 1]) < current then redis.call('HSET', key, min[j], min[j + 1]) end
  end
  for _, entry in ipairs(latest) do
    local stored_at = tonumber(redis.call('HGET', key, entry[1]))
    local at = tonumber(entry[3])
    local newer
    if stored_at == nil then
      newer = true
    elseif at ~= stored_at then
      newer = at > stored_at
    else
      newer = bytes_greater(entry[4], redis.call('HGET', key, entry[2]) or '')
    end
    if newer then
      local fields = entry[5]
      fields[#fields + 1] = entry[1]
      fields[#fields + 1] = entry[3]
      fields[#fields + 1] = entry[2]
      fields[#fields + 1] = entry[4]
      redis.call('HSET', key, unpack(fields))
    end
  end
  if update[6] > 0 then redis.call('EXPIRE', key, update[6]) end
end
return 1
`;

/** KEYS[1]: a string key holding a number; ARGV[1]: a number as text. Keeps the larger. */
export const KEEP_MAX_LUA = `
local current = tonumber(redis.call('GET', KEYS[1]))
if current == nil or tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1]) end
return 1
`;
