-- Evicts entries of one bucket to respect the cache's bound: of a few sampled entries, the one
-- written longest ago, skipping keys under a lease and computations in flight. No event.
-- KEYS[1] key index, KEYS[2] deadline index; ARGV[1] entry key prefix, ARGV[2] lease key prefix,
-- ARGV[3] how many to evict, ARGV[4] sample size, ARGV[5] the member just written (never evicted by
-- its own write). Returns the evicted members.
local out = {}
for _ = 1, tonumber(ARGV[3]) do
  local sample = redis.call('ZRANDMEMBER', KEYS[1], tonumber(ARGV[4]))
  local victim, oldest = nil, nil
  for _, m in ipairs(sample) do
    if m ~= ARGV[5] and redis.call('HEXISTS', ARGV[2] .. m, 'h') == 0 then
      local e = redis.call('HMGET', ARGV[1] .. m, 't', 'f')
      local written = tonumber(e[1] or '0')
      if not e[2] and (oldest == nil or written < oldest) then
        victim, oldest = m, written
      end
    end
  end
  if victim == nil then
    break
  end
  redis.call('UNLINK', ARGV[1] .. victim)
  redis.call('ZREM', KEYS[1], victim)
  redis.call('ZREM', KEYS[2], victim)
  table.insert(out, victim)
end
return out
