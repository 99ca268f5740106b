//! Identifiers and live facts shared by every module: the vocabulary of the testing set.

mod facts;

pub use facts::{Drift, PrFacts, PrState};

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a value could not become one of the domain identifiers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("{0:?} is not a pull request number")]
    PrNumber(String),
    #[error("{0:?} is not a commit SHA (40 or 64 hexadecimal digits)")]
    CommitSha(String),
    #[error("{0:?} is not a repository name of the form owner/name")]
    RepoName(String),
}

/// A pull request number: a positive integer, as GitHub numbers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PrNumber(u64);

impl PrNumber {
    pub fn new(value: u64) -> Result<Self, IdError> {
        if value == 0 {
            return Err(IdError::PrNumber(value.to_string()));
        }
        Ok(Self(value))
    }

    pub fn get(self) -> u64 {
        self.0
    }
}

impl fmt::Display for PrNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for PrNumber {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let digits = s.trim();
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdError::PrNumber(s.to_owned()));
        }
        let value = digits.parse::<u64>().map_err(|_| IdError::PrNumber(s.to_owned()))?;
        Self::new(value)
    }
}

impl Serialize for PrNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(self.0)
    }
}

impl<'de> Deserialize<'de> for PrNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = u64::deserialize(deserializer)?;
        Self::new(value).map_err(serde::de::Error::custom)
    }
}

/// A full commit SHA, stored lowercase. GitHub uses 40 digits (SHA-1) or 64 (SHA-256).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CommitSha(String);

impl CommitSha {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The first seven digits, as git and GitHub show a commit to people.
    pub fn short(&self) -> &str {
        &self.0[..7]
    }
}

impl fmt::Display for CommitSha {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for CommitSha {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let ok = matches!(s.len(), 40 | 64) && s.bytes().all(|b| b.is_ascii_hexdigit());
        if !ok {
            return Err(IdError::CommitSha(s.to_owned()));
        }
        Ok(Self(s.to_ascii_lowercase()))
    }
}

impl Serialize for CommitSha {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for CommitSha {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A GitHub repository, `owner/name`, compared case-insensitively as GitHub does.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RepoName {
    owner: String,
    name: String,
}

impl RepoName {
    pub fn owner(&self) -> &str {
        &self.owner
    }

    pub fn name(&self) -> &str {
        &self.name
    }
}

impl fmt::Display for RepoName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.owner, self.name)
    }
}

impl FromStr for RepoName {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let valid_part = |part: &str| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        };
        match s.trim().split_once('/') {
            Some((owner, name)) if valid_part(owner) && valid_part(name) => {
                Ok(Self { owner: owner.to_ascii_lowercase(), name: name.to_ascii_lowercase() })
            }
            _ => Err(IdError::RepoName(s.to_owned())),
        }
    }
}

impl Serialize for RepoName {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pr_numbers_are_positive_decimal_integers() {
        assert_eq!("123".parse::<PrNumber>().map(PrNumber::get), Ok(123));
        for bad in ["0", "-1", "+5", "12a", "", "99999999999999999999999"] {
            assert!(bad.parse::<PrNumber>().is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn commit_shas_are_full_and_lowercased() {
        let sha: CommitSha = "ABCDEF0123456789abcdef0123456789abcdef01".parse().unwrap();
        assert_eq!(sha.as_str(), "abcdef0123456789abcdef0123456789abcdef01");
        assert_eq!(sha.short(), "abcdef0");
        assert!("abcdef0".parse::<CommitSha>().is_err());
        assert!("g".repeat(40).parse::<CommitSha>().is_err());
    }

    #[test]
    fn repository_names_compare_without_case() {
        let a: RepoName = "InternetArchive/OpenLibrary".parse().unwrap();
        let b: RepoName = "internetarchive/openlibrary".parse().unwrap();
        assert_eq!(a, b);
        assert!("no-slash".parse::<RepoName>().is_err());
        assert!("a/b/c".parse::<RepoName>().is_err());
    }
}
