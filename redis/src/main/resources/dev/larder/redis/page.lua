-- Reads one page of a bucket's entries in key order (for iteration), after a given member.
-- KEYS[1] key index; ARGV[1] entry key prefix, ARGV[2] the last member seen ('' = from the start),
-- ARGV[3] page size. Returns {member1, v1, x1, f1, fl1, fo1, member2, ...}
local from = ARGV[2] == '' and '-' or '(' .. ARGV[2]
local members = redis.call('ZRANGE', KEYS[1], from, '+', 'BYLEX', 'LIMIT', 0, tonumber(ARGV[3]))
local out = {}
for _, m in ipairs(members) do
  local e = redis.call('HMGET', ARGV[1] .. m, 'v', 'x', 'f', 'fl', 'fo')
  table.insert(out, m)
  for i = 1, 5 do
    table.insert(out, e[i])
  end
end
return out
