//! How the one-pass validator describes a typed resource: [`Shape`] (a struct's properties in
//! the order serde writes them, and whether unknown members are kept), [`Field`] and [`Ty`]
//! (the type each property must have), and the name index that finds a member's field. The
//! tables themselves are in [`super::shapes`].

use std::sync::OnceLock;

/// The type a property's value must have.
#[derive(Debug)]
pub(super) enum Ty {
    /// A string (`Option<String>`, or `String` when the field is required).
    Str,
    /// An `Edm.DateTimeOffset` string, normalised to UTC.
    Time,
    /// An integer that fits `i64`.
    Int,
    /// Any JSON number, written as serde writes an `f64`.
    Float,
    Bool,
    /// A Graph enum member, matched ignoring ASCII case, written in schema spelling.
    Enum(&'static [&'static str]),
    /// A nested typed object.
    Struct(&'static Shape),
    /// A nested typed object that some producers wrap in an array of at most one element.
    StructOrArray(&'static Shape),
    /// A free JSON object (`detailsInfo`), kept as sent.
    OpenObject,
    /// Any JSON value, kept as sent.
    Any,
    /// A collection (absent and null are written `[]`); elements may not be null.
    List(&'static Ty),
    /// Sign-ins: `isInteractive`, `signInEventTypes` and `userPrincipalName`, which the
    /// sign-in rules derive from each other or rewrite.
    IsInteractive,
    EventTypes,
    Upn,
}

/// One property of a struct.
#[derive(Debug)]
pub(super) struct Field {
    pub name: &'static str,
    /// Another accepted input spelling (written as `name`).
    pub alias: Option<&'static str>,
    pub ty: Ty,
    /// Neither absent nor null is allowed (`id`, the event time, a sign-in's `userId`).
    pub required: bool,
}

/// A typed struct: its properties, and whether unknown members are kept (`#[serde(flatten)]`)
/// or dropped.
#[derive(Debug)]
pub(super) struct Shape {
    pub fields: &'static [Field],
    pub open: bool,
    /// Built on first use: member name → field.
    index: OnceLock<NameIndex>,
}

impl Shape {
    /// The field whose name or alias is `name`, trying the field at `likely` first: one name
    /// compare when members come in schema order, a lookup in the index otherwise.
    pub fn field_from(&self, likely: usize, name: &[u8]) -> Option<usize> {
        match self.fields.get(likely) {
            Some(field) if field.name.as_bytes() == name => Some(likely),
            _ => self.field(name),
        }
    }

    /// The field whose name or alias is `name`.
    pub fn field(&self, name: &[u8]) -> Option<usize> {
        self.index
            .get_or_init(|| NameIndex::new(self.fields))
            .find(self.fields, name)
    }
}

/// An open-addressing table from a member name to its field, probed linearly. The hash looks
/// at the length and three bytes only: names are short and differ early or late, and a probe
/// confirms with one comparison.
#[derive(Debug)]
struct NameIndex {
    slots: [u8; NameIndex::SIZE],
}

impl NameIndex {
    const SIZE: usize = 256;
    const EMPTY: u8 = u8::MAX;

    fn hash(name: &[u8]) -> usize {
        let byte = |i: usize| name.get(i).copied().unwrap_or(0) as usize;
        let len = name.len();
        (len * 37 + byte(0) * 5 + byte(len / 2) * 11 + byte(len.wrapping_sub(1)) * 3) % Self::SIZE
    }

    fn new(fields: &[Field]) -> NameIndex {
        let mut slots = [Self::EMPTY; Self::SIZE];
        let names = fields
            .iter()
            .enumerate()
            .flat_map(|(i, f)| std::iter::once((i, f.name)).chain(f.alias.map(|a| (i, a))));
        for (index, name) in names {
            let mut at = Self::hash(name.as_bytes());
            while slots[at] != Self::EMPTY {
                at = (at + 1) % Self::SIZE;
            }
            slots[at] = u8::try_from(index).unwrap_or(Self::EMPTY);
        }
        NameIndex { slots }
    }

    fn find(&self, fields: &[Field], name: &[u8]) -> Option<usize> {
        let mut at = Self::hash(name);
        loop {
            let index = usize::from(*self.slots.get(at)?);
            let field = fields.get(index)?;
            if field.name.as_bytes() == name || field.alias.map(str::as_bytes) == Some(name) {
                return Some(index);
            }
            at = (at + 1) % Self::SIZE;
        }
    }
}

pub(super) const fn f(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        alias: None,
        ty,
        required: false,
    }
}

pub(super) const fn required(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        alias: None,
        ty,
        required: true,
    }
}

pub(super) const fn aliased(name: &'static str, alias: &'static str, ty: Ty) -> Field {
    Field {
        name,
        alias: Some(alias),
        ty,
        required: false,
    }
}

pub(super) const fn closed(fields: &'static [Field]) -> Shape {
    Shape {
        fields,
        open: false,
        index: OnceLock::new(),
    }
}

pub(super) const fn open(fields: &'static [Field]) -> Shape {
    Shape {
        fields,
        open: true,
        index: OnceLock::new(),
    }
}
