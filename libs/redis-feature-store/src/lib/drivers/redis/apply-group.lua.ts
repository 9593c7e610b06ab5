/**
 * Lua twin of `formatFeatureNumber` (TypeScript): `%d` for safe integers, else the shortest `%g` of
 * 15 to 17 digits that reads back as the same double. A spec checks both write the same text.
 */
export const FORMAT_NUMBER_LUA = `
local format, floor = string.format, math.floor
local function format_number(x)
  if x == floor(x) and x > -9007199254740992 and x < 9007199254740992 then
    return format('%d', x)
  end
  for precision = 15, 16 do
    local text = string.format('%.' .. precision .. 'g', x)
    if tonumber(text) == x then return text end
  end
  return string.format('%.17g', x)
end
`;

/**
 * Most arguments one `unpack` may hand to `redis.call` (Lua 5.1 refuses more than ~8,000 results);
 * HMGET and HSET of a key with more fields go in slices.
 */
const UNPACK_SLICE = 2000;

/** Up to this many members over its cap, a capped set is trimmed by selection rather than a sort. */
const FEW_EXCESS = 8;

/**
 * Applies one atomic group of a batch, at most once.
 * KEYS[1]: the group's guard; KEYS[2..]: the group's distinct feature keys (declared so that
 * Redis Cluster can route and check the call).
 * ARGV[1]: guard TTL in seconds; ARGV[2]: one flat MessagePack array (see `encodeApplyUnit`)
 * holding, for each feature key in KEYS order:
 *   the length of its update part, then that part: its updates' count, and for each update
 *     the expiry field's index (0: none) and the cutoff (event time, a number: the key expired when
 *     that field is at or before it); incr count, (field index, delta)...; max count, (field index, value)...;
 *     min count, (field index, value)...;
 *     latest count, (at-field index, tiebreak-field index, at, tiebreak, field count, (field index, value)...)...;
 *     expireSeconds or 0;
 *   then its caps: count, (prefix, keep)...;
 *   then its fields: count, how many of the first ones to read, names (every field its updates
 *   touch, named once; indexes are 1-based; fields only written, latest values, come last unread).
 * Counts, indexes, deltas, cutoffs and TTLs are numbers; every value written as given (max, min,
 * latest) is its JavaScript text, so it is stored exactly (as a number, Redis 7.0 would print it
 * with %.17g on the write, which costs more than parsing the text here).
 * Returns 1 when applied, 0 when the guard says it was applied before.
 *
 * Each key costs one HMGET of the fields its updates compare or add to, one HSET of the fields
 * that changed and one PEXPIREAT (its time taken once per call): the updates are applied in Lua,
 * in order, to the values read (a call or two per field was most of the time of the first
 * version). A capped set is checked (HLEN) only when the key gained a member: after every write a
 * set is at most at its cap, so only a new member can take it over. All keys are read before the
 * first write, so a key of the wrong type fails the group with nothing written: Redis does not
 * roll a script back. One MessagePack string rather than flat ARGV (a 200k-argument command costs
 * far more to send and parse) or JSON (cmsgpack decodes it in half the time cjson takes).
 */
export const APPLY_GROUP_LUA = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local argv = cmsgpack.unpack(ARGV[2])
local tonumber, unpack = tonumber, unpack
local SLICE, FEW_EXCESS = ${UNPACK_SLICE}, ${FEW_EXCESS}
local key_count = #KEYS - 1
local update_start, name_base, field_count, values = {}, {}, {}, {}

-- 1. Read every key's fields; HMGET also checks the key is a hash (or absent).
local p = 1
for k = 1, key_count do
  local key = KEYS[k + 1]
  update_start[k] = p + 1
  p = p + argv[p] + 1
  local n, r = argv[p], argv[p + 1]
  p = p + 1
  name_base[k], field_count[k] = p, n
  local read
  if r == 0 then
    local kind = redis.call('TYPE', key).ok
    read = (kind == 'hash' or kind == 'none') and {} or { err = 'WRONGTYPE' }
  elseif r <= SLICE then
    read = redis.pcall('HMGET', key, unpack(argv, p + 1, p + r))
  else
    read = {}
    for first = 1, r, SLICE do
      local part = redis.pcall('HMGET', key, unpack(argv, p + first, p + math.min(first + SLICE - 1, r)))
      if part.err then read = part break end
      for i = 1, #part do read[first + i - 1] = part[i] end
    end
  end
  if read.err then
    local kind = redis.call('TYPE', key).ok
    if kind ~= 'hash' and kind ~= 'none' then
      return redis.error_reply('FEATURE_WRONG_TYPE ' .. kind .. ' ' .. key)
    end
    return read
  end
  values[k] = read
  p = p + n + 1
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

-- A capped set keeps its keep newest members (greatest time, then greatest name): see FieldCap.
-- HLEN first: the whole hash is read only when the set may be over its cap. Then the few members
-- over it (a busy user's new sessions: one to a few per batch) are picked in one pass; a full sort
-- (a Lua comparator per comparison) only when many are.
local member_names, member_times = {}, {}
local function older(time_a, name_a, time_b, name_b) -- is member a dropped before member b?
  if time_a ~= time_b then return time_a < time_b end
  return bytes_greater(name_b, name_a)
end
local function trim_capped_set(key, prefix, keep)
  if redis.call('HLEN', key) <= keep then return end
  local all, length, count = redis.call('HGETALL', key), #prefix, 0
  for i = 1, #all, 2 do
    local field = all[i]
    if string.sub(field, 1, length) == prefix then
      count = count + 1
      member_names[count], member_times[count] = field, tonumber(all[i + 1]) or -math.huge
    end
  end
  local excess = count - keep
  if excess <= 0 then return end
  local drop = {}
  if excess <= FEW_EXCESS then
    -- drop holds the excess oldest seen so far, unordered: a newcomer replaces its newest.
    local drop_times = {}
    for m = 1, count do
      local name, time = member_names[m], member_times[m]
      if m <= excess then
        drop[m], drop_times[m] = name, time
      else
        local newest = 1
        for j = 2, excess do
          if older(drop_times[newest], drop[newest], drop_times[j], drop[j]) then newest = j end
        end
        if older(time, name, drop_times[newest], drop[newest]) then drop[newest], drop_times[newest] = name, time end
      end
    end
    redis.call('HDEL', key, unpack(drop, 1, excess))
    return
  end
  local members = {}
  for m = 1, count do members[m] = { member_names[m], member_times[m] } end
  table.sort(members, function(a, b) return older(b[2], b[1], a[2], a[1]) end)
  for i = keep + 1, count do
    drop[#drop + 1] = members[i][1]
    if #drop >= SLICE then
      redis.call('HDEL', key, unpack(drop))
      drop = {}
    end
  end
  if #drop > 0 then redis.call('HDEL', key, unpack(drop)) end
end

-- 2. Apply each key's updates, in order, to the values read; write what changed.
-- Reused from key to key: dirty is emptied as changes are listed; new_fields holds the fields a
-- key's updates created (read as missing), which may take a capped set over its cap.
local dirty, changes, new_fields = {}, {}, {}
-- Expiry as PEXPIREAT at script time + TTL, as text, once per distinct TTL: EXPIRE costs more (Redis
-- rewrites it into PEXPIREAT for propagation, per call) and a Lua number argument is printed with %.17g.
local expire_at, now_ms = {}, nil
for k = 1, key_count do
  local key, base, n, vals = KEYS[k + 1], name_base[k], field_count[k], values[k]
  local wrote, existed, ttl, reset, added = false, nil, 0, false, 0
  p = update_start[k]
  local updates = argv[p]
  p = p + 1
  for _ = 1, updates do
    -- Expired in event time: the record is dropped (DEL before the writes) and starts afresh.
    local expiry_index = argv[p]
    if expiry_index > 0 then
      local newest = tonumber(vals[expiry_index])
      if newest ~= nil and newest <= argv[p + 1] then
        for i = 1, n do vals[i], dirty[i] = nil, nil end
        reset, existed, wrote = true, false, false
      end
    end
    p = p + 2
    local count = argv[p]
    p = p + 1
    for _ = 1, count do
      local i = argv[p]
      local sum = (tonumber(vals[i]) or 0) + argv[p + 1]
      -- format_number's common case inline (a Lua function call per field costs more than the
      -- formatting). Text, not the number: redis.call would print a number with %.17g (Redis 7.0),
      -- slower than %d here.
      if sum % 1 == 0 and sum > -9007199254740992 and sum < 9007199254740992 then vals[i] = format('%d', sum)
      else vals[i] = format_number(sum) end
      dirty[i] = true
      p = p + 2
    end
    if count > 0 then wrote = true end
    count = argv[p]
    p = p + 1
    for _ = 1, count do
      local i = argv[p]
      local current, value = tonumber(vals[i]), argv[p + 1] -- value: text, written as given
      if current == nil or tonumber(value) > current then
        if current == nil then added = added + 1; new_fields[added] = i end
        vals[i] = value
        dirty[i] = true
        wrote = true
      end
      p = p + 2
    end
    count = argv[p]
    p = p + 1
    for _ = 1, count do
      local i = argv[p]
      local current, value = tonumber(vals[i]), argv[p + 1] -- value: text, written as given
      if current == nil or tonumber(value) < current then
        if current == nil then added = added + 1; new_fields[added] = i end
        vals[i] = value
        dirty[i] = true
        wrote = true
      end
      p = p + 2
    end
    count = argv[p]
    p = p + 1
    for _ = 1, count do
      local at_index, tb_index, at_text, tiebreak = argv[p], argv[p + 1], argv[p + 2], argv[p + 3]
      local fields = argv[p + 4]
      p = p + 5
      local stored_at, at = tonumber(vals[at_index]), tonumber(at_text)
      local newer
      if stored_at == nil then
        newer = true
      elseif at ~= stored_at then
        newer = at > stored_at
      else
        newer = bytes_greater(tiebreak, vals[tb_index] or '')
      end
      if newer then
        for _ = 1, fields do
          local i = argv[p]
          if vals[i] == nil then added = added + 1; new_fields[added] = i end
          vals[i] = argv[p + 1]
          dirty[i] = true
          p = p + 2
        end
        -- After the fields, as the reference does: a field named like a stamp field gets the stamp.
        vals[at_index], vals[tb_index] = at_text, tiebreak
        dirty[at_index], dirty[tb_index] = true, true
        wrote = true
      else
        p = p + 2 * fields
      end
    end
    local expire = argv[p]
    p = p + 1
    -- EXPIRE after each update, as the reference does: a no-op while the key does not exist.
    if expire > 0 then
      if not wrote and existed == nil then existed = redis.call('EXISTS', key) == 1 end
      if wrote or existed then ttl = expire end
    end
  end
  if reset then redis.call('DEL', key) end
  local length = 0
  for i = 1, n do
    if dirty[i] then
      dirty[i] = nil
      changes[length + 1] = argv[base + i]
      changes[length + 2] = vals[i]
      length = length + 2
      if length >= SLICE then
        redis.call('HSET', key, unpack(changes, 1, length))
        length = 0
      end
    end
  end
  if length > 0 then redis.call('HSET', key, unpack(changes, 1, length)) end
  local caps = argv[p]
  p = p + 1
  for _ = 1, caps do
    -- A set is at most at its cap after every write: only a new member can take it over.
    local prefix = argv[p]
    local length = #prefix
    for j = 1, added do
      if string.sub(argv[base + new_fields[j]], 1, length) == prefix then
        trim_capped_set(key, prefix, argv[p + 1])
        break
      end
    end
    p = p + 2
  end
  if ttl >= 1e12 then
    redis.call('EXPIRE', key, ttl) -- beyond what a millisecond time holds exactly: as before
  elseif ttl > 0 then
    local at = expire_at[ttl]
    if at == nil then
      if now_ms == nil then
        local time = redis.call('TIME')
        now_ms = tonumber(time[1]) * 1000 + floor(tonumber(time[2]) / 1000)
      end
      at = format('%d', now_ms + ttl * 1000)
      expire_at[ttl] = at
    end
    redis.call('PEXPIREAT', key, at)
  end
end
return 1
`;

/** KEYS[1]: a string key holding a number; ARGV[1]: a number as text. Keeps the larger. */
export const KEEP_MAX_LUA = `
local current = tonumber(redis.call('GET', KEYS[1]))
if current == nil or tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1]) end
return 1
`;
