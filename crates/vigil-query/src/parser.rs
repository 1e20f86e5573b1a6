//! The `$filter` parser: tokens → [`Expr`].
//!
//! The subset of OData 4.01 `$filter` that Microsoft Graph uses on the activity-log
//! endpoints, in BNF (tokens are defined in `lexer.rs`; keywords, function names and
//! `true`/`false`/`null` match ignoring ASCII case; whitespace is free between tokens):
//!
//! ```text
//! filter      ::= or_expr EOF
//! or_expr     ::= and_expr ( "or" and_expr )*
//! and_expr    ::= unary ( "and" unary )*
//! unary       ::= "not" unary | condition
//! condition   ::= "(" or_expr ")"
//!               | call [ ( "eq" | "ne" ) bool ]     -- `startswith(a,'x') eq true`
//!               | lambda
//!               | operand compop operand
//!               | path "in" "(" literal ( "," literal )* ")"
//!               | path                              -- bare boolean property
//! call        ::= ( "startswith" | "endswith" | "contains" ) "(" operand "," operand ")"
//! lambda      ::= path "/" ( "any" | "all" ) "(" [ ident ":" or_expr ] ")"   -- all() needs a body
//! operand     ::= path | literal
//! path        ::= ident ( "/" ident )*
//! compop      ::= "eq" | "ne" | "gt" | "ge" | "lt" | "le"
//! literal     ::= string | number | datetime | guid | enum | bool | "null"
//! bool        ::= "true" | "false"
//! ```
//!
//! Precedence, tightest first: comparisons (`eq` ... `in`) and `not`, then `and`, then `or`;
//! `and` and `or` associate to the left. `not` applies to exactly one condition and never
//! reaches across `and`/`or`: `not a eq b and c` is `(not (a eq b)) and c`. OData's table puts
//! `not` above `eq`, making `not a eq b` mean `(not a) eq b`; for booleans that is the same
//! predicate, and for any other type it is a type error, so reading it as `not (a eq b)` only
//! accepts more. Limits: [`MAX_DEPTH`] nested parentheses, `not`s and lambdas;
//! [`MAX_IN_LIST`] values in an `in` list ([`crate::MAX_FILTER_CHARS`] is checked by
//! [`parse`]). Every error names the offending token and its position.

use crate::ast::{
    CompareOp, Expr, Func, LambdaBody, Lit, LitValue, Operand, Path, Pos, Quantifier,
};
use crate::error::FilterError;
use crate::lexer::{Tok, Token, lex};

/// How deeply parentheses, `not` and lambdas may nest.
pub const MAX_DEPTH: usize = 32;

/// How many values an `in (...)` list may hold.
pub const MAX_IN_LIST: usize = 100;

/// The longest filter accepted, in characters.
pub const MAX_FILTER_CHARS: usize = 4096;

/// Parses filter text into a syntax tree (no catalogue lookup; see [`crate::check`]).
pub fn parse(text: &str) -> Result<Expr, FilterError> {
    // A cheap bound first, so a huge input is never even counted char by char.
    if text.len() > 4 * MAX_FILTER_CHARS {
        return Err(FilterError::TooLong {
            len: text.len() / 4,
            max: MAX_FILTER_CHARS,
        });
    }
    let len = text.chars().count();
    if len > MAX_FILTER_CHARS {
        return Err(FilterError::TooLong {
            len,
            max: MAX_FILTER_CHARS,
        });
    }
    if text.trim().is_empty() {
        return Err(FilterError::Empty);
    }
    let tokens = lex(text)?;
    let mut parser = Parser {
        tokens: &tokens,
        at: 0,
        depth: 0,
    };
    let expr = parser.or_expr()?;
    parser.expect_eof()?;
    Ok(expr)
}

struct Parser<'a> {
    tokens: &'a [Token],
    at: usize,
    depth: usize,
}

const END: Token = Token {
    tok: Tok::Eof,
    pos: 0,
};

impl Parser<'_> {
    fn peek(&self) -> &Token {
        self.peek_at(0)
    }

    fn peek_at(&self, ahead: usize) -> &Token {
        // The lexer always ends with Eof; past it we keep answering Eof.
        self.tokens
            .get(self.at + ahead)
            .or_else(|| self.tokens.last())
            .unwrap_or(&END)
    }

    fn bump(&mut self) -> Token {
        let token = self.peek().clone();
        if self.at < self.tokens.len() {
            self.at += 1;
        }
        token
    }

    fn is_keyword(&self, ahead: usize, word: &str) -> bool {
        matches!(&self.peek_at(ahead).tok, Tok::Ident(s) if s.eq_ignore_ascii_case(word))
    }

    fn unexpected(&self, expected: Option<&str>) -> FilterError {
        let token = self.peek();
        FilterError::Unexpected {
            pos: token.pos,
            found: token.tok.to_string(),
            expected: expected.map(str::to_owned),
        }
    }

    fn expect(&mut self, tok: &Tok, what: &str) -> Result<Token, FilterError> {
        if &self.peek().tok == tok {
            Ok(self.bump())
        } else {
            Err(self.unexpected(Some(what)))
        }
    }

    fn expect_eof(&self) -> Result<(), FilterError> {
        match self.peek().tok {
            Tok::Eof => Ok(()),
            Tok::RParen => Err(self.unexpected(None)),
            _ => Err(self.unexpected(Some("'and', 'or' or end of input"))),
        }
    }

    fn enter(&mut self, pos: usize) -> Result<(), FilterError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(FilterError::TooDeep {
                pos,
                max: MAX_DEPTH,
            });
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn or_expr(&mut self) -> Result<Expr, FilterError> {
        let mut left = self.and_expr()?;
        while self.is_keyword(0, "or") {
            self.bump();
            let right = self.and_expr()?;
            left = Expr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and_expr(&mut self) -> Result<Expr, FilterError> {
        let mut left = self.unary()?;
        while self.is_keyword(0, "and") {
            self.bump();
            let right = self.unary()?;
            left = Expr::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, FilterError> {
        if !self.is_keyword(0, "not") {
            return self.condition();
        }
        let not = self.bump();
        self.enter(not.pos)?;
        let inner = self.unary()?;
        self.leave();
        Ok(Expr::Not(Box::new(inner)))
    }

    fn comparison_follows(&self) -> bool {
        match &self.peek().tok {
            Tok::Ident(word) => {
                CompareOp::from_keyword(word).is_some() || word.eq_ignore_ascii_case("in")
            }
            _ => false,
        }
    }

    fn condition(&mut self) -> Result<Expr, FilterError> {
        let token = self.peek().clone();
        match &token.tok {
            Tok::LParen => {
                self.bump();
                self.enter(token.pos)?;
                let inner = self.or_expr()?;
                self.expect(&Tok::RParen, "')'")?;
                self.leave();
                if self.comparison_follows() {
                    return Err(self.unexpected(Some("'and', 'or' or ')'")));
                }
                Ok(inner)
            }
            Tok::Ident(name) if self.peek_at(1).tok == Tok::LParen && !is_literal_keyword(name) => {
                self.call()
            }
            Tok::Ident(name) if !is_literal_keyword(name) => self.path_condition(),
            Tok::Eof | Tok::RParen | Tok::Comma | Tok::Slash | Tok::Colon => {
                Err(self.unexpected(Some("a condition")))
            }
            _ => {
                let left = Operand::Lit(self.literal()?);
                self.comparison(left)
            }
        }
    }

    /// `operand compop operand`, with `left` already read.
    fn comparison(&mut self, left: Operand) -> Result<Expr, FilterError> {
        let op = match &self.peek().tok {
            Tok::Ident(word) => CompareOp::from_keyword(word),
            _ => None,
        };
        let Some(op) = op else {
            return Err(self.unexpected(Some("a comparison operator (eq, ne, gt, ge, lt, le)")));
        };
        self.bump();
        let right = self.operand()?;
        Ok(Expr::Compare { left, op, right })
    }

    fn operand(&mut self) -> Result<Operand, FilterError> {
        match &self.peek().tok {
            Tok::Ident(name) if !is_literal_keyword(name) => {
                let path = self.path()?;
                if self.peek().tok == Tok::LParen {
                    return Err(self.unexpected(Some("a property or a literal")));
                }
                Ok(Operand::Path(path))
            }
            _ => Ok(Operand::Lit(self.literal()?)),
        }
    }

    fn literal(&mut self) -> Result<Lit, FilterError> {
        let token = self.peek().clone();
        let value = match token.tok {
            Tok::Str(s) => LitValue::String(s),
            Tok::Int(i) => LitValue::Int(i),
            Tok::Decimal(s) => LitValue::Decimal(s),
            Tok::DateTime(s) => LitValue::DateTime(s),
            Tok::Guid(s) => LitValue::Guid(s),
            Tok::Enum { type_name, member } => LitValue::Enum { type_name, member },
            Tok::Ident(word) if word.eq_ignore_ascii_case("true") => LitValue::Bool(true),
            Tok::Ident(word) if word.eq_ignore_ascii_case("false") => LitValue::Bool(false),
            Tok::Ident(word) if word.eq_ignore_ascii_case("null") => LitValue::Null,
            _ => return Err(self.unexpected(Some("a literal"))),
        };
        self.bump();
        Ok(Lit {
            value,
            pos: Pos(token.pos),
        })
    }

    /// A path: `ident ( "/" ident )*`, stopping before `/any(` and `/all(`.
    fn path(&mut self) -> Result<Path, FilterError> {
        let start = self.peek().pos;
        let mut segments = vec![self.ident()?];
        while self.peek().tok == Tok::Slash && !self.lambda_follows() {
            self.bump();
            segments.push(self.ident()?);
        }
        Ok(Path {
            segments,
            pos: Pos(start),
        })
    }

    fn lambda_follows(&self) -> bool {
        (self.is_keyword(1, "any") || self.is_keyword(1, "all"))
            && self.peek_at(2).tok == Tok::LParen
    }

    fn ident(&mut self) -> Result<String, FilterError> {
        match &self.peek().tok {
            Tok::Ident(name) if !is_reserved(name) => {
                let name = name.clone();
                self.bump();
                Ok(name)
            }
            _ => Err(self.unexpected(Some("a property name"))),
        }
    }

    /// A condition starting with a path: lambda, comparison, `in` list or bare boolean.
    fn path_condition(&mut self) -> Result<Expr, FilterError> {
        let path = self.path()?;
        if self.peek().tok == Tok::Slash {
            return self.lambda(path);
        }
        if self.is_keyword(0, "in") {
            return self.in_list(path);
        }
        if self.comparison_follows() {
            return self.comparison(Operand::Path(path));
        }
        match self.peek().tok {
            Tok::Eof | Tok::RParen => Ok(Expr::Path(path)),
            Tok::Ident(ref w) if w.eq_ignore_ascii_case("and") || w.eq_ignore_ascii_case("or") => {
                Ok(Expr::Path(path))
            }
            _ => Err(self.unexpected(Some("a comparison operator (eq, ne, gt, ge, lt, le)"))),
        }
    }

    fn lambda(&mut self, collection: Path) -> Result<Expr, FilterError> {
        self.expect(&Tok::Slash, "'/'")?;
        let quantifier = if self.is_keyword(0, "any") {
            Quantifier::Any
        } else {
            Quantifier::All
        };
        self.bump();
        let open = self.expect(&Tok::LParen, "'('")?;
        if self.peek().tok == Tok::RParen && quantifier == Quantifier::Any {
            self.bump();
            return Ok(Expr::Lambda {
                collection,
                quantifier,
                body: None,
            });
        }
        self.enter(open.pos)?;
        if self.peek().tok == Tok::RParen {
            return Err(self.unexpected(Some("a lambda variable (all() needs a predicate)")));
        }
        let var = self.ident()?;
        self.expect(&Tok::Colon, "':' after the lambda variable")?;
        let body = self.or_expr()?;
        self.expect(&Tok::RParen, "')'")?;
        self.leave();
        Ok(Expr::Lambda {
            collection,
            quantifier,
            body: Some(LambdaBody {
                var,
                body: Box::new(body),
            }),
        })
    }

    fn in_list(&mut self, path: Path) -> Result<Expr, FilterError> {
        self.bump();
        let open = self.expect(&Tok::LParen, "'(' after 'in'")?;
        let mut values = vec![self.literal()?];
        while self.peek().tok == Tok::Comma {
            self.bump();
            if values.len() >= MAX_IN_LIST {
                return Err(FilterError::ListTooLong {
                    pos: open.pos,
                    max: MAX_IN_LIST,
                });
            }
            values.push(self.literal()?);
        }
        self.expect(&Tok::RParen, "',' or ')'")?;
        Ok(Expr::In { path, values })
    }

    fn call(&mut self) -> Result<Expr, FilterError> {
        let name = self.bump();
        let Tok::Ident(word) = &name.tok else {
            return Err(self.unexpected(Some("a function name")));
        };
        let Some(func) = Func::from_name(word) else {
            return Err(FilterError::Unexpected {
                pos: name.pos,
                found: name.tok.to_string(),
                expected: Some("a supported function (startswith, endswith, contains)".into()),
            });
        };
        self.expect(&Tok::LParen, "'('")?;
        let first = self.operand()?;
        self.expect(
            &Tok::Comma,
            &format!("',' ({} takes two arguments)", func.name()),
        )?;
        let second = self.operand()?;
        self.expect(
            &Tok::RParen,
            &format!("')' ({} takes two arguments)", func.name()),
        )?;
        let call = Expr::Call {
            func,
            args: [first, second],
            pos: Pos(name.pos),
        };
        self.compared_call(call)
    }

    /// `call eq true` is the call; `call eq false` and `call ne true` are its negation.
    fn compared_call(&mut self, call: Expr) -> Result<Expr, FilterError> {
        let op = match &self.peek().tok {
            Tok::Ident(word) => CompareOp::from_keyword(word),
            _ => None,
        };
        let Some(op) = op else {
            if self.is_keyword(0, "in") {
                return Err(self.unexpected(Some("'and', 'or' or ')'")));
            }
            return Ok(call);
        };
        if !matches!(op, CompareOp::Eq | CompareOp::Ne) {
            return Err(self.unexpected(Some("'eq', 'ne', 'and', 'or' or ')'")));
        }
        self.bump();
        let value = match &self.peek().tok {
            Tok::Ident(w) if w.eq_ignore_ascii_case("true") => true,
            Tok::Ident(w) if w.eq_ignore_ascii_case("false") => false,
            _ => return Err(self.unexpected(Some("true or false"))),
        };
        self.bump();
        if value == (op == CompareOp::Eq) {
            Ok(call)
        } else {
            Ok(Expr::Not(Box::new(call)))
        }
    }
}

/// `true`, `false` and `null` are literals, never property names.
fn is_literal_keyword(word: &str) -> bool {
    ["true", "false", "null"]
        .iter()
        .any(|k| k.eq_ignore_ascii_case(word))
}

/// Words that cannot be property names or lambda variables.
fn is_reserved(word: &str) -> bool {
    is_literal_keyword(word)
        || CompareOp::from_keyword(word).is_some()
        || ["and", "or", "not", "in"]
            .iter()
            .any(|k| k.eq_ignore_ascii_case(word))
}
