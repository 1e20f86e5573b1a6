//! The `graph_enum!` macro: declares a Graph enum type as a Rust enum whose wire names,
//! member list and case-insensitive (de)serialisation come from one table.
//!
//! Graph emits enum members in their schema spelling (`notApplied`, `AzureAD`); producers are
//! not always so careful (`"Import"` for `import`), so input is matched ignoring ASCII case and
//! output always uses the schema spelling. A value that matches no member is rejected with a
//! message listing the allowed members.

/// The error text for an enum value that is not a member; shared by the macro and by the
/// validators of string-typed enum collections.
pub(crate) fn unknown_member(value: &str, members: &[&str]) -> String {
    format!(
        "unknown value '{value}', expected one of: {}",
        members.join(", ")
    )
}

/// Declares `pub enum $name { Variant, ... }` with wire names, `MEMBERS`, `as_str`,
/// `from_wire` (ASCII case-insensitive), `Display`, `Serialize` and `Deserialize`.
macro_rules! graph_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $($variant:ident = $wire:literal),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $(
                #[doc = concat!("`", $wire, "`")]
                $variant,
            )+
        }

        impl $name {
            /// Every member, in schema order (members after `unknownFutureValue` are evolvable).
            pub const MEMBERS: &'static [&'static str] = &[$($wire),+];

            /// The member's wire spelling.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire,)+
                }
            }

            /// Parses a member ignoring ASCII case.
            pub fn from_wire(text: &str) -> Option<$name> {
                $(
                    if text.eq_ignore_ascii_case($wire) {
                        return Some($name::$variant);
                    }
                )+
                None
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(
                    deserializer,
                )?;
                $name::from_wire(&text).ok_or_else(|| {
                    <D::Error as serde::de::Error>::custom(
                        $crate::types::enum_macro::unknown_member(&text, $name::MEMBERS),
                    )
                })
            }
        }
    };
}

pub(crate) use graph_enum;
