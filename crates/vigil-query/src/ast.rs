//! The syntax tree of a `$filter`, exactly as written (before any catalogue lookup), and its
//! printer.
//!
//! `Display` prints a tree back as filter text that parses to an equal tree: keywords and
//! function names in lower case, minimal parentheses, strings re-escaped. Source positions
//! ([`Pos`]) ride along for error messages but never take part in equality, so two spellings
//! of the same filter (`t:t eq 'x'` and `t: t eq 'x'`) give equal trees.

use std::fmt;

/// A 0-based character position in the filter text. Equality ignores it (always equal), so
/// trees compare by structure only.
#[derive(Clone, Copy, Debug, Default)]
pub struct Pos(pub usize);

impl PartialEq for Pos {
    fn eq(&self, _other: &Pos) -> bool {
        true
    }
}

/// A boolean expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// `a or b`.
    Or(Box<Expr>, Box<Expr>),
    /// `a and b`.
    And(Box<Expr>, Box<Expr>),
    /// `not a`.
    Not(Box<Expr>),
    /// `left op right`; one side is normally a path and the other a literal.
    Compare {
        /// Left operand.
        left: Operand,
        /// The operator.
        op: CompareOp,
        /// Right operand.
        right: Operand,
    },
    /// `path in (v1, v2, ...)`.
    In {
        /// The property.
        path: Path,
        /// The candidate values (at least one).
        values: Vec<Lit>,
    },
    /// `startswith(a, b)`, `endswith(a, b)`, `contains(a, b)`.
    Call {
        /// Which function.
        func: Func,
        /// Its two arguments.
        args: [Operand; 2],
        /// Where the function name starts.
        pos: Pos,
    },
    /// `collection/any(v: body)`, `collection/any()`, `collection/all(v: body)`.
    Lambda {
        /// The collection property (or lambda variable path).
        collection: Path,
        /// `any` or `all`.
        quantifier: Quantifier,
        /// The range variable and predicate; `None` only for `any()`.
        body: Option<LambdaBody>,
    },
    /// A bare boolean property (`isInteractive`), meaning `isInteractive eq true`.
    Path(Path),
}

/// The predicate of a lambda.
#[derive(Clone, Debug, PartialEq)]
pub struct LambdaBody {
    /// The range variable (`t` in `any(t: t eq 'x')`).
    pub var: String,
    /// The predicate over it.
    pub body: Box<Expr>,
}

/// One side of a comparison or a function argument.
#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    /// A property path or lambda variable path.
    Path(Path),
    /// A literal value.
    Lit(Lit),
}

/// A `/`-separated property path as written (`status/errorCode`, `t/id`, `t`).
#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    /// The segments, at least one.
    pub segments: Vec<String>,
    /// Where the path starts.
    pub pos: Pos,
}

/// A literal and where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Lit {
    /// The value.
    pub value: LitValue,
    /// Where it starts.
    pub pos: Pos,
}

/// Literal values as written. Numbers that are not integers, date-times and GUIDs keep their
/// source text; the checker interprets them against the property's type.
#[derive(Clone, Debug, PartialEq)]
pub enum LitValue {
    /// `'text'` (unescaped).
    String(String),
    /// `42`, `-1`.
    Int(i64),
    /// `1.5`, `-2e3` (source text).
    Decimal(String),
    /// `true` / `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// Unquoted `2024-07-01T00:00:00Z` or `2018-01-24` (source text).
    DateTime(String),
    /// Unquoted `00000000-0000-0000-0000-000000000000`.
    Guid(String),
    /// `microsoft.graph.riskLevel'medium'`.
    Enum {
        /// `microsoft.graph.riskLevel`.
        type_name: String,
        /// `medium`.
        member: String,
    },
}

/// The six comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CompareOp {
    /// `eq`.
    Eq,
    /// `ne`.
    Ne,
    /// `gt`.
    Gt,
    /// `ge`.
    Ge,
    /// `lt`.
    Lt,
    /// `le`.
    Le,
}

impl CompareOp {
    /// All operators.
    pub const ALL: [CompareOp; 6] = [
        CompareOp::Eq,
        CompareOp::Ne,
        CompareOp::Gt,
        CompareOp::Ge,
        CompareOp::Lt,
        CompareOp::Le,
    ];

    /// The OData keyword (`eq`).
    pub fn keyword(self) -> &'static str {
        match self {
            CompareOp::Eq => "eq",
            CompareOp::Ne => "ne",
            CompareOp::Gt => "gt",
            CompareOp::Ge => "ge",
            CompareOp::Lt => "lt",
            CompareOp::Le => "le",
        }
    }

    /// Parses a keyword, ignoring ASCII case.
    pub fn from_keyword(word: &str) -> Option<CompareOp> {
        CompareOp::ALL
            .into_iter()
            .find(|op| op.keyword().eq_ignore_ascii_case(word))
    }

    /// The operator with its operands swapped (`5 lt x` is `x gt 5`).
    pub fn flipped(self) -> CompareOp {
        match self {
            CompareOp::Eq => CompareOp::Eq,
            CompareOp::Ne => CompareOp::Ne,
            CompareOp::Gt => CompareOp::Lt,
            CompareOp::Ge => CompareOp::Le,
            CompareOp::Lt => CompareOp::Gt,
            CompareOp::Le => CompareOp::Ge,
        }
    }

    /// Whether `ordering` (left compared to right) satisfies the operator.
    pub fn holds(self, ordering: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::{Equal, Greater, Less};
        match self {
            CompareOp::Eq => ordering == Equal,
            CompareOp::Ne => ordering != Equal,
            CompareOp::Gt => ordering == Greater,
            CompareOp::Ge => ordering != Less,
            CompareOp::Lt => ordering == Less,
            CompareOp::Le => ordering != Greater,
        }
    }
}

/// The string functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Func {
    /// `startswith` (also spelled `startsWith`).
    StartsWith,
    /// `endswith`.
    EndsWith,
    /// `contains`.
    Contains,
}

impl Func {
    /// The canonical (lower-case) name.
    pub fn name(self) -> &'static str {
        match self {
            Func::StartsWith => "startswith",
            Func::EndsWith => "endswith",
            Func::Contains => "contains",
        }
    }

    /// Parses a function name, ignoring ASCII case.
    pub fn from_name(name: &str) -> Option<Func> {
        [Func::StartsWith, Func::EndsWith, Func::Contains]
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name))
    }
}

/// Lambda quantifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Quantifier {
    /// `any`: some element satisfies the predicate.
    Any,
    /// `all`: every element satisfies the predicate.
    All,
}

impl Quantifier {
    /// The OData keyword.
    pub fn keyword(self) -> &'static str {
        match self {
            Quantifier::Any => "any",
            Quantifier::All => "all",
        }
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Or(a, b) => {
                write!(f, "{a} or ")?;
                // Or is left-associative: a right-hand Or needs parentheses to keep its shape.
                if matches!(**b, Expr::Or(..)) {
                    write!(f, "({b})")
                } else {
                    write!(f, "{b}")
                }
            }
            Expr::And(a, b) => {
                write_and_operand(f, a, false)?;
                f.write_str(" and ")?;
                write_and_operand(f, b, true)
            }
            Expr::Not(inner) => match **inner {
                // `not` binds tighter than comparisons and binary operators.
                Expr::Or(..) | Expr::And(..) | Expr::Compare { .. } | Expr::In { .. } => {
                    write!(f, "not ({inner})")
                }
                _ => write!(f, "not {inner}"),
            },
            Expr::Compare { left, op, right } => write!(f, "{left} {} {right}", op.keyword()),
            Expr::In { path, values } => {
                write!(f, "{path} in (")?;
                for (i, v) in values.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str(")")
            }
            Expr::Call { func, args, .. } => {
                write!(f, "{}({}, {})", func.name(), args[0], args[1])
            }
            Expr::Lambda {
                collection,
                quantifier,
                body,
            } => {
                write!(f, "{collection}/{}(", quantifier.keyword())?;
                if let Some(LambdaBody { var, body }) = body {
                    write!(f, "{var}: {body}")?;
                }
                f.write_str(")")
            }
            Expr::Path(path) => write!(f, "{path}"),
        }
    }
}

fn write_and_operand(f: &mut fmt::Formatter<'_>, e: &Expr, right: bool) -> fmt::Result {
    let needs_parens = matches!(e, Expr::Or(..)) || (right && matches!(e, Expr::And(..)));
    if needs_parens {
        write!(f, "({e})")
    } else {
        write!(f, "{e}")
    }
}

impl fmt::Display for Operand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Operand::Path(p) => write!(f, "{p}"),
            Operand::Lit(l) => write!(f, "{l}"),
        }
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.segments.join("/"))
    }
}

impl fmt::Display for Lit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.value)
    }
}

impl fmt::Display for LitValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LitValue::String(s) => write!(f, "'{}'", s.replace('\'', "''")),
            LitValue::Int(i) => write!(f, "{i}"),
            LitValue::Decimal(s) | LitValue::DateTime(s) | LitValue::Guid(s) => f.write_str(s),
            LitValue::Bool(b) => write!(f, "{b}"),
            LitValue::Null => f.write_str("null"),
            LitValue::Enum { type_name, member } => {
                write!(f, "{type_name}'{}'", member.replace('\'', "''"))
            }
        }
    }
}
