//! The interpreter micro-programs and the unknowns they pin down: each program's loop
//! body exercises one kind of bytecode.

/// A micro-program: `outer` runs once (upvalues, helpers); `inner` once per timed run
/// (locals); `body` once per loop iteration, with the loop variable `i`.
pub(super) struct Micro {
    pub(super) name: &'static str,
    outer: &'static str,
    inner: &'static str,
    body: &'static str,
}

pub(super) const fn micro(
    name: &'static str,
    outer: &'static str,
    inner: &'static str,
    body: &'static str,
) -> Micro {
    Micro {
        name,
        outer,
        inner,
        body,
    }
}

/// The interpreter micro-programs: together they pin down every interpreter cost.
#[rustfmt::skip]
pub(super) const MICROS: &[Micro] = &[
    micro("loop", "", "", ""),
    micro("move", "", "local a, b = 1, 2", "a = b b = a a = b b = a"),
    micro("move_const", "", "local a, b", "a = 1 b = 2 a = 3 b = 4"),
    micro("arith", "", "local a = 1", "a = a + 1 a = a - 1 a = a * i a = a / i"),
    micro("arith_mod", "", "local a = 1", "a = i % 7 a = -a a = a + i"),
    micro("pow", "", "local a", "a = i ^ 2"),
    micro("len_str", "", "local s, a = 'abcdef', 0", "a = #s a = #s"),
    micro("len_tab", "", "local t, a = {1, 2, 3}, 0", "a = #t a = #t"),
    micro("concat", "", "local x, y, a = 'ab', 'cd'", "a = x .. y"),
    micro("concat3", "", "local x, y, a = 'ab', 'cd'", "a = x .. y .. x"),
    micro("compare", "", "local a, b = 1, 2", "if a > b then end if a == b then end if b < a then end"),
    micro("branch", "", "local a, b = 1, 2", "if a < b then a = 1 else a = 2 end"),
    micro("upvalue", "local u = 0", "", "u = u + 1"),
    micro("closure", "", "local f", "f = function() end"),
    micro("table_new", "", "local t", "t = {}"),
    micro("global", "g = 0", "", "g = g + 1"),
    micro("table_get", "", "local t, a = {1, 2, 3, x = 4}", "a = t[1] a = t.x a = t[i % 3 + 1]"),
    micro("table_set", "", "local t = {1, 2, 3, x = 4}", "t[1] = i t.x = i t[i % 3 + 1] = i"),
    micro("call", "local function f() end", "local g = f", "g() g()"),
    micro("call_arg", "local function f(x) return x end", "local g, a = f", "a = g(i)"),
    micro("vararg", "local function f(...) local a, b = ... end", "", "f(1, 2)"),
    micro("native", "local abs = math.abs", "local a", "a = abs(i) a = abs(-i)"),
    micro("native_bytes", "local rep = string.rep", "local s", "s = rep('x', 512)"),
    micro("io", "local w = io.write", "", "w('0123456789abcdef0123456789abcdef')"),
];

/// The unknowns of the interpreter fit: cost-model keys, `call` standing for both
/// `call` and `ret`.
pub(super) const KEYS: &[&str] = &[
    "move_op",
    "arith",
    "pow",
    "len",
    "concat",
    "compare",
    "jump",
    "upvalue",
    "closure",
    "table_new",
    "global",
    "table_get",
    "table_set",
    "call",
    "vararg",
    "loop_op",
    "native_call",
    "native_per_byte",
    "io_per_byte",
];

/// Times a micro-program's body is repeated inside its loop, so that the loop's own
/// control is a small part of an iteration and each program's time is mostly its class.
pub(super) const UNROLL: usize = 8;

pub(super) fn source(m: &Micro) -> String {
    let body = if m.body.is_empty() {
        String::new()
    } else {
        [m.body; UNROLL].join("\n    ")
    };
    format!(
        "{}\nreturn function(N)\n  {}\n  local t0 = now()\n  for i = 1, N do\n    {body}\n  end\n  return now() - t0\nend\n",
        m.outer, m.inner
    )
}
