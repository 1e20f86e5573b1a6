//! The `$filter` lexer: characters → [`Token`]s with their character positions.
//!
//! Tokens (see the grammar in [`crate::parser`]):
//!
//! ```text
//! ident      ::= [A-Za-z_][A-Za-z0-9_]*          (keywords are idents, matched by the parser)
//! string     ::= "'" ( [^'] | "''" )* "'"
//! number     ::= "-"? digit+ ( "." digit+ )? ( [eE] [+-]? digit+ )?
//! datetime   ::= digit{4} "-" digit{2} "-" digit{2} ( "T" [0-9:.]+ ( "Z" | [+-] [0-9:]+ )? )?
//! guid       ::= hex{8} "-" hex{4} "-" hex{4} "-" hex{4} "-" hex{12}
//! enum       ::= ident ( "." ident )+ string      (microsoft.graph.riskLevel'medium')
//! punct      ::= "(" | ")" | "," | "/" | ":"
//! ```
//!
//! Unquoted date-times and GUIDs are recognised by shape before numbers and identifiers;
//! whether a date-time is a real instant is decided by the checker. A literal glued to letters
//! (`12abc`, a GUID with a non-hex digit) is reported whole, so the client sees what it sent.

use std::fmt;

use crate::error::FilterError;

/// One token and where it starts (0-based character index).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub(crate) tok: Tok,
    pub(crate) pos: usize,
}

/// The token kinds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    LParen,
    RParen,
    Comma,
    Slash,
    Colon,
    Ident(String),
    Str(String),
    Int(i64),
    Decimal(String),
    DateTime(String),
    Guid(String),
    Enum { type_name: String, member: String },
    Eof,
}

impl fmt::Display for Tok {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tok::LParen => f.write_str("'('"),
            Tok::RParen => f.write_str("')'"),
            Tok::Comma => f.write_str("','"),
            Tok::Slash => f.write_str("'/'"),
            Tok::Colon => f.write_str("':'"),
            Tok::Ident(s) | Tok::Decimal(s) | Tok::DateTime(s) | Tok::Guid(s) => {
                write!(f, "'{s}'")
            }
            Tok::Str(s) => write!(f, "string '{}'", s.replace('\'', "''")),
            Tok::Int(i) => write!(f, "'{i}'"),
            Tok::Enum { type_name, member } => {
                write!(f, "enum value {type_name}'{}'", member.replace('\'', "''"))
            }
            Tok::Eof => f.write_str("end of input"),
        }
    }
}

/// Splits `text` into tokens, ending with [`Tok::Eof`].
pub(crate) fn lex(text: &str) -> Result<Vec<Token>, FilterError> {
    let chars: Vec<char> = text.chars().collect();
    let mut lexer = Lexer {
        chars: &chars,
        at: 0,
    };
    let mut tokens = Vec::new();
    loop {
        lexer.skip_whitespace();
        let pos = lexer.at;
        let Some(c) = lexer.peek(0) else {
            tokens.push(Token { tok: Tok::Eof, pos });
            return Ok(tokens);
        };
        let tok = match c {
            '(' => lexer.punct(Tok::LParen),
            ')' => lexer.punct(Tok::RParen),
            ',' => lexer.punct(Tok::Comma),
            '/' => lexer.punct(Tok::Slash),
            ':' => lexer.punct(Tok::Colon),
            '\'' => Tok::Str(lexer.string()?),
            _ if c.is_ascii_alphanumeric() || c == '_' || c == '-' => lexer.word()?,
            _ => {
                return Err(FilterError::lex(pos, format!("unexpected character '{c}'")));
            }
        };
        tokens.push(Token { tok, pos });
    }
}

struct Lexer<'a> {
    chars: &'a [char],
    at: usize,
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Characters that may belong to one malformed literal; used to report it whole.
fn is_literal_char(c: char) -> bool {
    is_ident_char(c) || matches!(c, '-' | '.' | ':' | '+')
}

impl Lexer<'_> {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.at + ahead).copied()
    }

    fn skip_whitespace(&mut self) {
        while self.peek(0).is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }

    fn punct(&mut self, tok: Tok) -> Tok {
        self.at += 1;
        tok
    }

    fn text(&self, from: usize, to: usize) -> String {
        self.chars
            .get(from..to)
            .unwrap_or_default()
            .iter()
            .collect()
    }

    /// A quoted string starting at the current `'`; `''` stands for one quote.
    fn string(&mut self) -> Result<String, FilterError> {
        let start = self.at;
        self.at += 1;
        let mut value = String::new();
        loop {
            match self.peek(0) {
                None => {
                    return Err(FilterError::lex(start, "unterminated string literal"));
                }
                Some('\'') if self.peek(1) == Some('\'') => {
                    value.push('\'');
                    self.at += 2;
                }
                Some('\'') => {
                    self.at += 1;
                    return Ok(value);
                }
                Some(c) => {
                    value.push(c);
                    self.at += 1;
                }
            }
        }
    }

    /// An identifier, a typed enum literal, or an unquoted literal (GUID, date-time, number).
    fn word(&mut self) -> Result<Tok, FilterError> {
        let start = self.at;
        if let Some(len) = self.guid_len() {
            self.at += len;
            return self.literal_end(start, Tok::Guid(self.text(start, start + len)));
        }
        let first = self.peek(0).unwrap_or(' ');
        if first.is_ascii_digit()
            && let Some(len) = self.datetime_len()
        {
            self.at += len;
            return self.literal_end(start, Tok::DateTime(self.text(start, start + len)));
        }
        if first.is_ascii_digit()
            || (first == '-' && self.peek(1).is_some_and(|c| c.is_ascii_digit()))
        {
            return self.number();
        }
        if !is_ident_start(first) {
            return Err(FilterError::lex(
                start,
                format!("unexpected character '{first}'"),
            ));
        }
        self.identifier()
    }

    fn identifier(&mut self) -> Result<Tok, FilterError> {
        let start = self.at;
        self.take_while(is_ident_char);
        let mut qualified = false;
        while self.peek(0) == Some('.') && self.peek(1).is_some_and(is_ident_start) {
            qualified = true;
            self.at += 1;
            self.take_while(is_ident_char);
        }
        let name = self.text(start, self.at);
        if !qualified {
            return Ok(Tok::Ident(name));
        }
        if self.peek(0) != Some('\'') {
            return Err(FilterError::lex(
                start,
                format!("expected a quoted enum member after '{name}' (e.g. {name}'value')"),
            ));
        }
        let member = self.string()?;
        Ok(Tok::Enum {
            type_name: name,
            member,
        })
    }

    fn number(&mut self) -> Result<Tok, FilterError> {
        let start = self.at;
        if self.peek(0) == Some('-') {
            self.at += 1;
        }
        self.take_while(|c| c.is_ascii_digit());
        let mut decimal = false;
        if self.peek(0) == Some('.') && self.peek(1).is_some_and(|c| c.is_ascii_digit()) {
            decimal = true;
            self.at += 1;
            self.take_while(|c| c.is_ascii_digit());
        }
        if matches!(self.peek(0), Some('e' | 'E')) {
            let digits_at = if matches!(self.peek(1), Some('+' | '-')) {
                2
            } else {
                1
            };
            if self.peek(digits_at).is_some_and(|c| c.is_ascii_digit()) {
                decimal = true;
                self.at += digits_at;
                self.take_while(|c| c.is_ascii_digit());
            }
        }
        let text = self.text(start, self.at);
        if decimal {
            if !text.parse::<f64>().is_ok_and(f64::is_finite) {
                return Err(FilterError::lex(
                    start,
                    format!("number '{text}' is out of range"),
                ));
            }
            return self.literal_end(start, Tok::Decimal(text));
        }
        let value = text
            .parse::<i64>()
            .map_err(|_| FilterError::lex(start, format!("integer '{text}' is out of range")))?;
        self.literal_end(start, Tok::Int(value))
    }

    /// Checks that a literal is not glued to further letters or digits (`12abc`).
    fn literal_end(&mut self, start: usize, tok: Tok) -> Result<Tok, FilterError> {
        if self.peek(0).is_some_and(is_literal_char) {
            self.take_while(is_literal_char);
            let text = self.text(start, self.at);
            return Err(FilterError::lex(start, format!("invalid literal '{text}'")));
        }
        Ok(tok)
    }

    fn take_while(&mut self, keep: impl Fn(char) -> bool) {
        while self.peek(0).is_some_and(&keep) {
            self.at += 1;
        }
    }

    /// Length of a GUID at the cursor (8-4-4-4-12 hex digits), if one is there.
    fn guid_len(&self) -> Option<usize> {
        let groups = [8usize, 4, 4, 4, 12];
        let mut offset = 0;
        for (i, len) in groups.iter().enumerate() {
            if i > 0 {
                if self.peek(offset) != Some('-') {
                    return None;
                }
                offset += 1;
            }
            for _ in 0..*len {
                if !self.peek(offset).is_some_and(|c| c.is_ascii_hexdigit()) {
                    return None;
                }
                offset += 1;
            }
        }
        Some(offset)
    }

    /// Length of a date or date-time at the cursor, by shape only.
    fn datetime_len(&self) -> Option<usize> {
        let digit = |i: usize| self.peek(i).is_some_and(|c| c.is_ascii_digit());
        let date_shape = (0..4).all(digit)
            && self.peek(4) == Some('-')
            && (5..7).all(digit)
            && self.peek(7) == Some('-')
            && (8..10).all(digit);
        if !date_shape {
            return None;
        }
        let mut len = 10;
        if matches!(self.peek(len), Some('T' | 't')) && digit(len + 1) {
            len += 1;
            while self
                .peek(len)
                .is_some_and(|c| c.is_ascii_digit() || c == ':' || c == '.')
            {
                len += 1;
            }
            match self.peek(len) {
                Some('Z' | 'z') => len += 1,
                Some('+' | '-') if digit(len + 1) => {
                    len += 1;
                    while self
                        .peek(len)
                        .is_some_and(|c| c.is_ascii_digit() || c == ':')
                    {
                        len += 1;
                    }
                }
                _ => {}
            }
        }
        Some(len)
    }
}
