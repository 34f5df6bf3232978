-- Removes up to a number of a bucket's entries (and their index entries), without events.
-- KEYS[1] key index, KEYS[2] deadline index; ARGV[1] entry key prefix, ARGV[2] how many
-- Returns how many entries the bucket still has.
local members = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1)
for _, m in ipairs(members) do
  redis.call('UNLINK', ARGV[1] .. m)
  redis.call('ZREM', KEYS[1], m)
  redis.call('ZREM', KEYS[2], m)
end
return redis.call('ZCARD', KEYS[1])
