//! The compiler: Lua source -> [`Proto`] bytecode, mirroring LuaJIT's `lj_parse.c`.
//!
//! full_moon parses the source (Lua 5.1 plus LuaJIT's goto/labels); this module walks its
//! syntax tree once, allocating registers as LuaJIT does (locals in fixed registers,
//! temporaries above them) and emitting the explicit hot-point ops of [`crate::op`].

mod exp;
mod func;
mod lex;
mod stmt;

use crate::heap::Heap;
use crate::proto::{AddrSpace, Proto};
use full_moon::LuaVersion;
use full_moon::ast::Ast;
use func::FuncState;
use std::rc::Rc;

/// A syntax or semantic error in a chunk, displayed as LuaJIT does: `chunk:line: message`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{chunk}:{line}: {message}")]
pub struct CompileError {
    /// The chunk name.
    pub chunk: String,
    /// The line of the error.
    pub line: u32,
    /// What is wrong.
    pub message: String,
}

/// Stack for parsing and compiling one chunk. The parser and the compiler recurse once
/// per syntax level (at most [`lex::MAX_SYNTAX_LEVELS`]); running them on a stack of
/// their own makes that safe on any thread, however small its stack.
const COMPILE_STACK_BYTES: usize = 64 << 20;

/// Compile `source` named `chunk` into a main-chunk prototype (a vararg function).
pub fn compile(
    source: &[u8],
    chunk: &str,
    heap: &mut Heap,
    addrs: &mut AddrSpace,
) -> Result<Rc<Proto>, CompileError> {
    stacker::grow(COMPILE_STACK_BYTES, || {
        compile_here(source, chunk, heap, addrs)
    })
}

fn compile_here(
    source: &[u8],
    chunk: &str,
    heap: &mut Heap,
    addrs: &mut AddrSpace,
) -> Result<Rc<Proto>, CompileError> {
    // Lua sources are bytes: any that are not UTF-8 are carried through the parser as
    // characters standing for them, and come back as bytes in string literals.
    let decoded = lex::decode_source(source);
    let text: &str = &decoded;
    // A first line starting with '#' is skipped, as `luajit` does for scripts.
    let stripped;
    let text = if let Some(rest) = text.strip_prefix('#') {
        stripped = format!("--{rest}");
        &stripped
    } else {
        text
    };
    let rewrites = lex::prescan(text.as_bytes()).map_err(|e| CompileError {
        chunk: chunk.to_string(),
        line: e.line,
        message: e.message,
    })?;
    let rewritten;
    let text = if rewrites.is_empty() {
        text
    } else {
        rewritten = lex::apply_rewrites(text, &rewrites);
        &rewritten
    };
    let ast = parse(text, chunk)?;
    let mut c = Compiler {
        heap,
        addrs,
        chunk: Rc::from(chunk),
        funcs: Vec::new(),
    };
    let main = c.main(&ast)?;
    crate::verify::verify(&main).map_err(|e| CompileError {
        chunk: chunk.to_string(),
        line: 0,
        message: format!("internal compiler error: {e}"),
    })?;
    Ok(main)
}

fn parse(text: &str, chunk: &str) -> Result<Ast, CompileError> {
    let result = full_moon::parse_fallible(text, LuaVersion::luajit());
    if let Some(err) = result.errors().first() {
        let (start, _) = err.range();
        let message = match err {
            full_moon::Error::AstError(e) => {
                let near = e.token().to_string();
                let near = if near.is_empty() {
                    "<eof>".to_string()
                } else {
                    near
                };
                format!("{} near '{near}'", luajit_wording(e.error_message()))
            }
            full_moon::Error::TokenizerError(e) => {
                let text = e.to_string();
                if text.starts_with("unclosed string") {
                    "unfinished string near '<eof>'".to_string()
                } else if text.starts_with("unclosed comment") {
                    "unfinished long comment near '<eof>'".to_string()
                } else {
                    text
                }
            }
        };
        return Err(CompileError {
            chunk: chunk.to_string(),
            line: start.line() as u32,
            message,
        });
    }
    Ok(result.into_ast())
}

/// Word a full_moon parse error the way LuaJIT's parser words the same mistake.
fn luajit_wording(msg: &str) -> String {
    if let Some(rest) = msg.strip_prefix("expected `")
        && let Some((tok, _)) = rest.split_once('`')
    {
        return format!("'{tok}' expected");
    }
    if msg.contains("name") && msg.starts_with("expected") {
        return "'<name>' expected".to_string();
    }
    if msg.starts_with("unexpected expression when looking for a statement") {
        return "'=' expected".to_string();
    }
    if msg.starts_with("unexpected token") || msg.starts_with("expected") {
        return "unexpected symbol".to_string();
    }
    msg.to_string()
}

/// Compiler state: the stack of functions being compiled (innermost last).
pub(crate) struct Compiler<'h> {
    pub(crate) heap: &'h mut Heap,
    addrs: &'h mut AddrSpace,
    pub(crate) chunk: Rc<str>,
    pub(crate) funcs: Vec<FuncState>,
}

impl Compiler<'_> {
    fn main(&mut self, ast: &Ast) -> Result<Rc<Proto>, CompileError> {
        self.funcs.push(FuncState::new(0, true, 0));
        self.fs().emit_header();
        self.block(ast.nodes())?;
        self.finish_function(0)
    }

    /// The innermost function.
    #[inline]
    pub(crate) fn fs(&mut self) -> &mut FuncState {
        self.funcs.last_mut().expect("a function is being compiled")
    }

    /// An error at `line`.
    pub(crate) fn err(&self, line: u32, message: impl Into<String>) -> CompileError {
        CompileError {
            chunk: self.chunk.to_string(),
            line,
            message: message.into(),
        }
    }

    /// Close the innermost function: final return, goto check, address, prototype.
    pub(crate) fn finish_function(&mut self, end_line: u32) -> Result<Rc<Proto>, CompileError> {
        let fs = self.fs();
        fs.line = end_line.max(fs.line);
        fs.emit_ret0();
        if let Some((name, line)) = fs.unresolved_goto() {
            return Err(self.err(line, format!("undefined label '{name}'")));
        }
        let fs = self.funcs.pop().expect("function");
        let mut proto = fs.into_proto(self.chunk.clone());
        proto.addr = self.addrs.place(proto.footprint());
        Ok(Rc::new(proto))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(src: &str) -> String {
        compile(
            src.as_bytes(),
            "se.lua",
            &mut Heap::new(),
            &mut AddrSpace::default(),
        )
        .unwrap_err()
        .to_string()
    }

    #[test]
    fn syntax_errors_read_like_luajits() {
        assert_eq!(err("return +"), "se.lua:1: unexpected symbol near '+'");
        assert_eq!(err("if x then"), "se.lua:1: 'end' expected near '<eof>'");
        assert_eq!(err("x = \"abc"), "se.lua:1: unfinished string near '<eof>'");
        assert_eq!(err("local = 5"), "se.lua:1: '<name>' expected near '='");
        assert_eq!(err("for i = 1 do end"), "se.lua:1: ',' expected near 'do'");
        assert_eq!(err("\n\nx = 1 y"), "se.lua:3: '=' expected near '<eof>'");
        assert_eq!(err("goto nowhere"), "se.lua:1: undefined label 'nowhere'");
        assert_eq!(err("break"), "se.lua:1: no loop to break");
        assert_eq!(err("local x = `"), "se.lua:1: unexpected symbol near '`'");
    }
}
