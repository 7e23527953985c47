//! Expressions over a scenario's variables: `trust >= 50 && !sanctions_on`,
//! `0.15 + pressure / 200`.
//!
//! An expression is parsed once, at load, into postfix code over variable
//! indices; evaluating it walks that code with a fixed-size stack on the
//! machine stack, so evaluation never allocates. Every value is an `f64`;
//! flags are 1 (true) or 0 (false) and a condition holds when its value is not
//! 0. Division by zero gives 0, so a weight can never become NaN or infinite
//! from a well-formed formula.

use crate::prelude::*;
use core::fmt;

/// The deepest stack an expression may need. Deeper expressions are refused
/// at load: it bounds both evaluation (no allocation) and parser recursion.
pub const MAX_DEPTH: usize = 32;
/// The longest expression accepted, in bytes: a bound on parse work.
pub const MAX_LEN: usize = 2_000;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Const(f64),
    Var(u16),
    Neg,
    Not,
    Add,
    Sub,
    Mul,
    Div,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
    And,
    Or,
    Select,
    Min,
    Max,
    Clamp,
}

/// A compiled expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    ops: Box<[Op]>,
    source: Box<str>,
}

/// A syntax or name error in an expression, with its 1-based column.
#[derive(Debug, Clone, PartialEq)]
pub struct ExprError {
    /// 1-based column (in characters) where the problem starts.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// For an unknown name, the closest known one.
    pub suggestion: Option<String>,
}

impl fmt::Display for ExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}: {}", self.column, self.message)
    }
}

impl Expr {
    /// A constant.
    pub fn constant(value: f64) -> Self {
        Expr {
            ops: vec![Op::Const(value)].into(),
            source: format_number(value).into(),
        }
    }

    /// Parses `source`, resolving each name with `resolve` (name → variable
    /// index, or `None` when there is no such variable).
    ///
    /// ```
    /// use agreement_guide::Expr;
    /// let e = Expr::parse("0.15 + pressure / 200", |n| (n == "pressure").then_some(0)).unwrap();
    /// assert_eq!(e.eval(&[50.0]), 0.4);
    /// assert!(Expr::parse("trust >=", |_| Some(0)).is_err());
    /// ```
    pub fn parse(source: &str, resolve: impl Fn(&str) -> Option<usize>) -> Result<Expr, ExprError> {
        Self::parse_with(source, &resolve, &[])
    }

    /// Like [`Expr::parse`], with the list of known names used for did-you-mean.
    pub fn parse_with(
        source: &str,
        resolve: &dyn Fn(&str) -> Option<usize>,
        known: &[&str],
    ) -> Result<Expr, ExprError> {
        if source.len() > MAX_LEN {
            return Err(ExprError {
                column: 1,
                message: format!(
                    "expression is {} bytes long; the limit is {MAX_LEN}",
                    source.len()
                ),
                suggestion: None,
            });
        }
        let tokens = lex(source)?;
        let mut p = Parser {
            tokens: &tokens,
            pos: 0,
            ops: Vec::new(),
            resolve,
            known,
            source,
            depth: 0,
        };
        p.ternary()?;
        if let Some(t) = p.tokens.get(p.pos) {
            return Err(p.err_at(t.col, format!("unexpected {}", t.kind.describe())));
        }
        let ops = p.ops;
        let depth = stack_depth(&ops);
        if depth > MAX_DEPTH {
            return Err(ExprError {
                column: 1,
                message: format!("expression is nested too deeply (needs {depth} levels; the limit is {MAX_DEPTH})"),
                suggestion: None,
            });
        }
        Ok(Expr {
            ops: ops.into(),
            source: source.into(),
        })
    }

    /// The text the expression was parsed from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The constant value, if the expression is a single number.
    pub fn as_constant(&self) -> Option<f64> {
        match &*self.ops {
            [Op::Const(v)] => Some(*v),
            _ => None,
        }
    }

    /// Evaluates against variable values (indexed as resolved at parse).
    /// A variable index past the end of `vars` reads as 0.
    #[inline]
    pub fn eval(&self, vars: &[f64]) -> f64 {
        let mut stack = [0.0f64; MAX_DEPTH];
        let mut sp = 0usize;
        for op in self.ops.iter() {
            match *op {
                Op::Const(v) => {
                    stack[sp] = v;
                    sp += 1;
                }
                Op::Var(i) => {
                    stack[sp] = vars.get(i as usize).copied().unwrap_or(0.0);
                    sp += 1;
                }
                Op::Neg => stack[sp - 1] = -stack[sp - 1],
                Op::Not => stack[sp - 1] = b(stack[sp - 1] == 0.0),
                Op::Select => {
                    sp -= 2;
                    stack[sp - 1] = if stack[sp - 1] != 0.0 {
                        stack[sp]
                    } else {
                        stack[sp + 1]
                    };
                }
                Op::Clamp => {
                    sp -= 2;
                    let (x, lo, hi) = (stack[sp - 1], stack[sp], stack[sp + 1]);
                    stack[sp - 1] = x.max(lo).min(hi);
                }
                bin => {
                    sp -= 1;
                    let (a, c) = (stack[sp - 1], stack[sp]);
                    stack[sp - 1] = match bin {
                        Op::Add => a + c,
                        Op::Sub => a - c,
                        Op::Mul => a * c,
                        Op::Div => {
                            if c == 0.0 {
                                0.0
                            } else {
                                a / c
                            }
                        }
                        Op::Lt => b(a < c),
                        Op::Le => b(a <= c),
                        Op::Gt => b(a > c),
                        Op::Ge => b(a >= c),
                        Op::Eq => b(a == c),
                        Op::Ne => b(a != c),
                        Op::And => b(a != 0.0 && c != 0.0),
                        Op::Or => b(a != 0.0 || c != 0.0),
                        Op::Min => a.min(c),
                        Op::Max => a.max(c),
                        _ => unreachable!("unary and ternary ops are handled above"),
                    };
                }
            }
        }
        let v = if sp == 1 { stack[0] } else { 0.0 };
        if v.is_finite() {
            v
        } else {
            0.0
        }
    }

    /// Evaluates as a condition: true when the value is not 0.
    #[inline]
    pub fn holds(&self, vars: &[f64]) -> bool {
        self.eval(vars) != 0.0
    }

    /// Whether the expression can be non-zero when only some variables are
    /// known (`known(i)` gives a value, or `None` for "any value"). False
    /// only when it is 0 whatever the unknown ones are, e.g.
    /// `new_intrusion && month > 3` with `new_intrusion` known to be off.
    /// Three-valued: an unknown operand makes a result unknown, except that
    /// `0 && x`, `x * 0` are 0, `1 || x` is 1, and a known `?:` picks its arm.
    pub fn can_hold(&self, known: impl Fn(usize) -> Option<f64>) -> bool {
        let mut stack: Vec<Option<f64>> = Vec::with_capacity(MAX_DEPTH);
        for op in self.ops.iter() {
            match *op {
                Op::Const(v) => stack.push(Some(v)),
                Op::Var(i) => stack.push(known(i as usize)),
                Op::Neg => {
                    let x = stack.pop().flatten();
                    stack.push(x.map(|x| -x));
                }
                Op::Not => {
                    let x = stack.pop().flatten();
                    stack.push(x.map(|x| b(x == 0.0)));
                }
                Op::Select | Op::Clamp => {
                    let (c, y, x) = (
                        stack.pop().flatten(),
                        stack.pop().flatten(),
                        stack.pop().flatten(),
                    );
                    stack.push(match (*op, x, y, c) {
                        (Op::Select, Some(x), _, _) => {
                            if x != 0.0 {
                                y
                            } else {
                                c
                            }
                        }
                        (Op::Select, None, Some(y), Some(c)) if y == c => Some(y),
                        (Op::Clamp, Some(x), Some(lo), Some(hi)) => Some(x.max(lo).min(hi)),
                        _ => None,
                    });
                }
                bin => {
                    let (c, a) = (stack.pop().flatten(), stack.pop().flatten());
                    stack.push(match (bin, a, c) {
                        (Op::And, Some(x), _) | (Op::And, _, Some(x)) if x == 0.0 => Some(0.0),
                        (Op::Or, Some(x), _) | (Op::Or, _, Some(x)) if x != 0.0 => Some(1.0),
                        (Op::Mul, Some(x), _) | (Op::Mul, _, Some(x)) if x == 0.0 => Some(0.0),
                        (_, Some(a), Some(c)) => {
                            let probe = Expr {
                                ops: vec![Op::Const(a), Op::Const(c), bin].into(),
                                source: "".into(),
                            };
                            Some(probe.eval(&[]))
                        }
                        _ => None,
                    });
                }
            }
        }
        match stack.pop().flatten() {
            Some(v) => v.is_finite() && v != 0.0,
            None => true,
        }
    }

    /// The variable indices this expression reads.
    pub fn variables(&self) -> impl Iterator<Item = usize> + '_ {
        self.ops.iter().filter_map(|o| match o {
            Op::Var(i) => Some(*i as usize),
            _ => None,
        })
    }
}

/// Opcodes of the packed guide format (`model/pack/`), in a fixed order:
/// the byte is the index here. Appending is compatible; reordering or
/// removing one changes the format (bump `pack::FORMAT`).
const OPCODES: [Op; 20] = [
    Op::Const(0.0),
    Op::Var(0),
    Op::Neg,
    Op::Not,
    Op::Add,
    Op::Sub,
    Op::Mul,
    Op::Div,
    Op::Lt,
    Op::Le,
    Op::Gt,
    Op::Ge,
    Op::Eq,
    Op::Ne,
    Op::And,
    Op::Or,
    Op::Select,
    Op::Min,
    Op::Max,
    Op::Clamp,
];

/// One instruction of an expression as the compiled format stores it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Code {
    /// A number.
    Const(f64),
    /// A variable index.
    Var(usize),
    /// An operator: its opcode (index into `OPCODES`, never 0 or 1).
    Op(u8),
}

impl Expr {
    /// The instructions, for the compiled format.
    pub(crate) fn codes(&self) -> impl Iterator<Item = Code> + '_ {
        self.ops.iter().map(|op| match *op {
            Op::Const(v) => Code::Const(v),
            Op::Var(i) => Code::Var(i as usize),
            other => Code::Op(
                OPCODES
                    .iter()
                    .position(|o| core::mem::discriminant(o) == core::mem::discriminant(&other))
                    .unwrap_or(0) as u8,
            ),
        })
    }

    /// Rebuilds an expression from stored instructions over `variables`
    /// variables, refusing any sequence [`Expr::eval`] could not run safely:
    /// an unknown opcode, a variable out of range, an operator without its
    /// operands, a stack deeper than [`MAX_DEPTH`], or anything but one value
    /// left. The source text is not stored; it reads as empty.
    pub(crate) fn from_codes(codes: &[Code], variables: usize) -> Option<Expr> {
        let mut ops = Vec::new();
        let mut sp = 0usize;
        for code in codes {
            let op = match *code {
                Code::Const(v) => Op::Const(v),
                Code::Var(i) if i < variables && i <= u16::MAX as usize => Op::Var(i as u16),
                Code::Var(_) => return None,
                Code::Op(k) if k >= 2 => *OPCODES.get(k as usize)?,
                Code::Op(_) => return None,
            };
            let (needs, gives) = match op {
                Op::Const(_) | Op::Var(_) => (0, 1),
                Op::Neg | Op::Not => (1, 1),
                Op::Select | Op::Clamp => (3, 1),
                _ => (2, 1),
            };
            if sp < needs {
                return None;
            }
            sp = sp - needs + gives;
            if sp > MAX_DEPTH {
                return None;
            }
            ops.push(op);
        }
        (sp == 1).then(|| Expr {
            ops: ops.into(),
            source: "".into(),
        })
    }
}

#[inline]
fn b(x: bool) -> f64 {
    if x {
        1.0
    } else {
        0.0
    }
}

/// A number for a reader or an author: whole numbers as integers, others
/// with up to six decimals. Integer arithmetic only, because core's float
/// formatting is one of the largest pieces of a WebAssembly build.
pub fn format_number(v: f64) -> String {
    if !v.is_finite() {
        return "0".into();
    }
    let mut out = String::new();
    if v < 0.0 {
        out.push('-');
    }
    let a = v.abs();
    if a >= 1e15 {
        push_digits(&mut out, a as u128, 1);
        return out;
    }
    let scaled = libm::round(a * 1e6) as u64;
    let (int, frac) = (scaled / 1_000_000, scaled % 1_000_000);
    if frac == 0 {
        if int == 0 {
            return "0".into();
        }
        push_digits(&mut out, int as u128, 1);
        return out;
    }
    push_digits(&mut out, int as u128, 1);
    out.push('.');
    push_digits(&mut out, frac as u128, 6);
    out.truncate(out.trim_end_matches('0').len());
    out
}

/// Appends `n` in decimal, zero-padded to `width` digits, without
/// `core::fmt` (whose number formatting is a large part of a wasm build).
fn push_digits(out: &mut String, mut n: u128, width: usize) {
    let mut d = Vec::new();
    while n > 0 || d.len() < width {
        d.push(b'0' + (n % 10) as u8);
        n /= 10;
    }
    out.extend(d.iter().rev().map(|&b| b as char));
}

fn stack_depth(ops: &[Op]) -> usize {
    let (mut sp, mut max) = (0isize, 0isize);
    for op in ops {
        sp += match op {
            Op::Const(_) | Op::Var(_) => 1,
            Op::Neg | Op::Not => 0,
            Op::Select | Op::Clamp => -2,
            _ => -1,
        };
        max = max.max(sp);
    }
    max as usize
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64),
    Ident(String),
    Sym(&'static str),
}

impl Tok {
    fn describe(&self) -> String {
        match self {
            Tok::Num(n) => format!("number {}", format_number(*n)),
            Tok::Ident(s) => format!("name \"{s}\""),
            Tok::Sym(s) => format!("\"{s}\""),
        }
    }
}

struct Token {
    kind: Tok,
    col: usize,
}

const SYMBOLS: [&str; 19] = [
    "&&", "||", "<=", ">=", "==", "!=", "<", ">", "+", "-", "*", "/", "!", "(", ")", ",", "?", ":",
    "=",
];

fn lex(src: &str) -> Result<Vec<Token>, ExprError> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let col = i + 1;
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit()
            || (c == '.' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit()))
        {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            let n: f64 = text.parse().map_err(|_| ExprError {
                column: col,
                message: format!("\"{text}\" is not a number"),
                suggestion: None,
            })?;
            out.push(Token {
                kind: Tok::Num(n),
                col,
            });
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Token {
                kind: Tok::Ident(chars[start..i].iter().collect()),
                col,
            });
        } else {
            let rest: String = chars[i..chars.len().min(i + 2)].iter().collect();
            let sym = SYMBOLS
                .iter()
                .find(|s| rest.starts_with(**s))
                .ok_or_else(|| ExprError {
                    column: col,
                    message: format!("unexpected character '{c}'"),
                    suggestion: None,
                })?;
            if *sym == "=" {
                return Err(ExprError {
                    column: col,
                    message: "\"=\" is not an operator here".into(),
                    suggestion: Some("use \"==\" to compare".into()),
                });
            }
            i += sym.chars().count();
            out.push(Token {
                kind: Tok::Sym(sym),
                col,
            });
        }
    }
    Ok(out)
}

struct Parser<'a> {
    tokens: &'a [Token],
    pos: usize,
    ops: Vec<Op>,
    resolve: &'a dyn Fn(&str) -> Option<usize>,
    known: &'a [&'a str],
    source: &'a str,
    depth: usize,
}

impl Parser<'_> {
    fn err_at(&self, column: usize, message: String) -> ExprError {
        ExprError {
            column,
            message,
            suggestion: None,
        }
    }

    fn end_col(&self) -> usize {
        self.source.chars().count() + 1
    }

    fn peek_sym(&self, s: &str) -> bool {
        matches!(self.tokens.get(self.pos), Some(Token { kind: Tok::Sym(x), .. }) if *x == s)
    }

    fn eat(&mut self, s: &str) -> bool {
        if self.peek_sym(s) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, s: &str) -> Result<(), ExprError> {
        if self.eat(s) {
            return Ok(());
        }
        Err(match self.tokens.get(self.pos) {
            Some(t) => self.err_at(
                t.col,
                format!("expected \"{s}\" but found {}", t.kind.describe()),
            ),
            None => self.err_at(
                self.end_col(),
                format!("expected \"{s}\" but the expression ended"),
            ),
        })
    }

    fn ternary(&mut self) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let col = self.tokens.get(self.pos).map_or(1, |t| t.col);
            return Err(self.err_at(
                col,
                format!("expression is nested too deeply (limit {MAX_DEPTH})"),
            ));
        }
        self.or()?;
        if self.eat("?") {
            self.ternary()?;
            self.expect(":")?;
            self.ternary()?;
            self.ops.push(Op::Select);
        }
        self.depth -= 1;
        Ok(())
    }

    fn or(&mut self) -> Result<(), ExprError> {
        self.and()?;
        while self.eat("||") {
            self.and()?;
            self.ops.push(Op::Or);
        }
        Ok(())
    }

    fn and(&mut self) -> Result<(), ExprError> {
        self.cmp()?;
        while self.eat("&&") {
            self.cmp()?;
            self.ops.push(Op::And);
        }
        Ok(())
    }

    fn cmp(&mut self) -> Result<(), ExprError> {
        self.add()?;
        for (s, op) in [
            ("<=", Op::Le),
            (">=", Op::Ge),
            ("==", Op::Eq),
            ("!=", Op::Ne),
            ("<", Op::Lt),
            (">", Op::Gt),
        ] {
            if self.eat(s) {
                self.add()?;
                self.ops.push(op);
                if let Some(t) = self.tokens.get(self.pos) {
                    if matches!(t.kind, Tok::Sym("<" | ">" | "<=" | ">=" | "==" | "!=")) {
                        return Err(ExprError {
                            column: t.col,
                            message: "comparisons cannot be chained".into(),
                            suggestion: Some("join them with \"&&\"".into()),
                        });
                    }
                }
                break;
            }
        }
        Ok(())
    }

    fn add(&mut self) -> Result<(), ExprError> {
        self.mul()?;
        loop {
            if self.eat("+") {
                self.mul()?;
                self.ops.push(Op::Add);
            } else if self.eat("-") {
                self.mul()?;
                self.ops.push(Op::Sub);
            } else {
                return Ok(());
            }
        }
    }

    fn mul(&mut self) -> Result<(), ExprError> {
        self.unary()?;
        loop {
            if self.eat("*") {
                self.unary()?;
                self.ops.push(Op::Mul);
            } else if self.eat("/") {
                self.unary()?;
                self.ops.push(Op::Div);
            } else {
                return Ok(());
            }
        }
    }

    fn unary(&mut self) -> Result<(), ExprError> {
        if self.eat("!") {
            self.guarded(Self::unary)?;
            self.ops.push(Op::Not);
            Ok(())
        } else if self.eat("-") {
            self.guarded(Self::unary)?;
            self.ops.push(Op::Neg);
            Ok(())
        } else {
            self.primary()
        }
    }

    fn guarded(&mut self, f: fn(&mut Self) -> Result<(), ExprError>) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH * 2 {
            let col = self.tokens.get(self.pos).map_or(1, |t| t.col);
            return Err(self.err_at(
                col,
                format!("expression is nested too deeply (limit {MAX_DEPTH})"),
            ));
        }
        f(self)?;
        self.depth -= 1;
        Ok(())
    }

    fn primary(&mut self) -> Result<(), ExprError> {
        let Some(tok) = self.tokens.get(self.pos) else {
            return Err(self.err_at(
                self.end_col(),
                "the expression ended where a value was expected".into(),
            ));
        };
        let col = tok.col;
        self.pos += 1;
        match &tok.kind {
            Tok::Num(n) => self.ops.push(Op::Const(*n)),
            Tok::Sym("(") => {
                self.ternary()?;
                self.expect(")")?;
            }
            Tok::Ident(name) if name == "true" => self.ops.push(Op::Const(1.0)),
            Tok::Ident(name) if name == "false" => self.ops.push(Op::Const(0.0)),
            Tok::Ident(name) if self.peek_sym("(") => {
                let (op, arity) = match name.as_str() {
                    "min" => (Op::Min, 2),
                    "max" => (Op::Max, 2),
                    "clamp" => (Op::Clamp, 3),
                    _ => {
                        return Err(ExprError {
                            column: col,
                            message: format!("unknown function \"{name}\""),
                            suggestion: Some(
                                "the functions are min(a, b), max(a, b) and clamp(x, lo, hi)"
                                    .into(),
                            ),
                        })
                    }
                };
                self.pos += 1;
                for i in 0..arity {
                    if i > 0 {
                        self.expect(",")?;
                    }
                    self.ternary()?;
                }
                self.expect(")")?;
                self.ops.push(op);
            }
            Tok::Ident(name) => match (self.resolve)(name) {
                Some(i) if i <= u16::MAX as usize => self.ops.push(Op::Var(i as u16)),
                _ => {
                    return Err(ExprError {
                        column: col,
                        message: format!("unknown variable \"{name}\""),
                        suggestion: did_you_mean(name, self.known.iter().copied()),
                    })
                }
            },
            other => return Err(self.err_at(col, format!("unexpected {}", other.describe()))),
        }
        Ok(())
    }
}

/// `did you mean "x"?` for the known name closest to `name`, when one is close.
/// (None in a build without std: the reader runtime reads compiled guides,
/// whose names were checked when they were compiled, and strsim needs std.)
#[cfg(not(feature = "std"))]
pub fn did_you_mean<'a>(_: &str, _: impl IntoIterator<Item = &'a str>) -> Option<String> {
    None
}

/// `did you mean "x"?` for the known name closest to `name`, when one is close.
#[cfg(feature = "std")]
pub fn did_you_mean<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    known
        .into_iter()
        .map(|k| (strsim::damerau_levenshtein(name, k), k))
        .filter(|(d, k)| *d <= 2.max(name.len().min(k.len()) / 3) && *d < name.len().max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| format!("did you mean \"{k}\"?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(n: &str) -> Option<usize> {
        ["trust", "pressure", "sanctions_on"]
            .iter()
            .position(|v| *v == n)
    }

    fn ev(src: &str, values: &[f64]) -> f64 {
        Expr::parse(src, vars).unwrap().eval(values)
    }

    #[test]
    fn arithmetic_follows_precedence() {
        assert_eq!(ev("1 + 2 * 3", &[]), 7.0);
        assert_eq!(ev("(1 + 2) * 3", &[]), 9.0);
        assert_eq!(ev("10 - 4 - 3", &[]), 3.0);
        assert_eq!(ev("-2 * -3", &[]), 6.0);
        assert_eq!(ev("0.15 + pressure / 200", &[0.0, 30.0]), 0.3);
    }

    #[test]
    fn can_hold_is_false_only_when_the_known_variables_force_zero() {
        // sanctions_on (index 2) is known; trust and pressure can be anything.
        let can = |src: &str, on: f64| {
            Expr::parse(src, vars)
                .unwrap()
                .can_hold(|i| (i == 2).then_some(on))
        };
        assert!(!can("sanctions_on && trust > 3", 0.0));
        assert!(can("sanctions_on && trust > 3", 1.0));
        assert!(
            can("sanctions_on || trust > 3", 0.0),
            "the unknown side may hold"
        );
        assert!(!can("!sanctions_on && !(trust > 3 || !sanctions_on)", 0.0));
        assert!(!can("sanctions_on ? 0.3 + trust : 0", 0.0));
        assert!(can("sanctions_on ? 0.3 + trust : 0", 1.0));
        assert!(!can("sanctions_on * (trust + 1)", 0.0));
        assert!(can("trust - pressure", 0.0));
        assert!(!can("0", 1.0));
        assert!(can("max(trust, 1)", 0.0));
    }

    #[test]
    fn logic_and_comparison() {
        assert_eq!(ev("trust >= 50 && !sanctions_on", &[50.0, 0.0, 0.0]), 1.0);
        assert_eq!(ev("trust >= 50 && !sanctions_on", &[50.0, 0.0, 1.0]), 0.0);
        assert_eq!(ev("trust < 10 || pressure == 5", &[50.0, 5.0, 0.0]), 1.0);
        assert_eq!(ev("true != false", &[]), 1.0);
    }

    #[test]
    fn ternary_and_functions() {
        assert_eq!(ev("trust > 10 ? 1 : 2", &[20.0]), 1.0);
        assert_eq!(ev("trust > 10 ? 1 : trust > 5 ? 2 : 3", &[6.0]), 2.0);
        assert_eq!(ev("max(0, 30 - trust / 2)", &[80.0]), 0.0);
        assert_eq!(ev("min(trust, 5)", &[80.0]), 5.0);
        assert_eq!(ev("clamp(trust, 10, 20)", &[80.0]), 20.0);
    }

    #[test]
    fn division_by_zero_is_zero() {
        assert_eq!(ev("5 / 0", &[]), 0.0);
        assert_eq!(ev("pressure / trust", &[0.0, 3.0]), 0.0);
    }

    #[test]
    fn errors_name_the_column() {
        let e = Expr::parse("trust >= ", vars).unwrap_err();
        assert_eq!(e.column, 10);
        assert!(e.message.contains("ended"), "{}", e.message);
        let e = Expr::parse("trust >= 5 && sanctoins_on", vars).unwrap_err();
        assert_eq!(e.column, 15);
        assert_eq!(e.message, "unknown variable \"sanctoins_on\"");
        let e = Expr::parse_with("sanctoins_on", &vars, &["trust", "sanctions_on"]).unwrap_err();
        assert_eq!(
            e.suggestion.as_deref(),
            Some("did you mean \"sanctions_on\"?")
        );
        let e = Expr::parse("trust = 5", vars).unwrap_err();
        assert_eq!(e.column, 7);
        assert!(Expr::parse("1 < 2 < 3", vars).is_err());
        assert!(Expr::parse("(1 + 2", vars).is_err());
        assert!(Expr::parse("1 2", vars).is_err());
        assert!(Expr::parse("foo(1)", vars).is_err());
        assert!(Expr::parse("trust # 2", vars).is_err());
        assert!(Expr::parse("", vars).is_err());
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let deep = "(".repeat(500) + "1" + &")".repeat(500);
        assert!(Expr::parse(&deep, vars).is_err());
        let negs = "-".repeat(1000) + "1";
        assert!(Expr::parse(&negs, vars).is_err());
        let long = "1+".repeat(40) + "1";
        assert_eq!(Expr::parse(&long, vars).unwrap().eval(&[]), 41.0);
    }

    #[test]
    fn numbers_format_without_float_formatting() {
        assert_eq!(format_number(24.0), "24");
        assert_eq!(format_number(-3.0), "-3");
        assert_eq!(format_number(0.15), "0.15");
        assert_eq!(format_number(-0.0000001), "0");
        assert_eq!(format_number(1.0 / 3.0), "0.333333");
        assert_eq!(format_number(2.5e20), "250000000000000000000");
    }

    #[test]
    fn did_you_mean_picks_close_names_only() {
        assert_eq!(
            did_you_mean("sanctoins", ["sanctions", "trust"]).as_deref(),
            Some("did you mean \"sanctions\"?")
        );
        assert_eq!(did_you_mean("zzz", ["sanctions", "trust"]), None);
    }
}
