//! Who is signed in: the token, the user and the user's devices (reference §2, §4).

use crate::model::trigger::DeviceId;
use serde::Deserialize;
use serde_json::Value;
use std::fmt;

/// The role that means the account has the Timekeeper feature (reference §2.2).
pub const TIMEKEEPER_ROLE: &str = "TIMING_POINT_ACCOUNT";

/// An opaque session token. It has no `Display`, and `Debug` hides it, so it cannot end up
/// in a log line by accident; [`Token::expose`] is the one way to read it.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    pub fn new(raw: impl Into<String>) -> Self {
        Self(raw.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<hidden>)")
    }
}

/// Username and password kept in memory only, for the one re-login an expired token allows.
#[derive(Clone)]
pub struct Credentials {
    pub username: String,
    pub password: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Credentials({}, <password hidden>)", self.username)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct User {
    #[serde(deserialize_with = "id_string")]
    pub id: String,
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub username: Option<String>,
}

impl User {
    /// Whether the Timekeeper feature is enabled; without it device triggers may be refused.
    pub fn is_timekeeper(&self) -> bool {
        self.roles.iter().any(|r| r == TIMEKEEPER_ROLE)
    }
}

/// The words shown when the Timekeeper role is missing (CLI and GUI say the same thing).
pub const MISSING_ROLE_WARNING: &str = "This ALGE Results account does not have the Timekeeper \
feature (role TIMING_POINT_ACCOUNT). Device triggers may be refused. Enable it in the Account \
section of ALGE Results, then sign in again.";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    /// The MT1 serial, ASCII digits only (it is spliced into URL paths and STOMP destinations).
    pub id: DeviceId,
    pub name: Option<String>,
}

impl Device {
    pub fn label(&self) -> String {
        match &self.name {
            Some(name) => format!("{} ({})", name, self.id),
            None => self.id.to_string(),
        }
    }

    /// Leniently from a DeviceDto: `id` as string or number; a name wherever one is nested.
    pub fn from_value(v: &Value) -> Option<Self> {
        let id = match v.get("id")? {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => return None,
        };
        if !crate::model::trigger::is_device_id(&id) {
            return None;
        }
        Some(Self {
            id: DeviceId::intern(&id),
            name: find_name(v, 0),
        })
    }
}

/// The device name is not in the documented DeviceDto; peers search nested objects for it.
fn find_name(v: &Value, depth: u8) -> Option<String> {
    let obj = v.as_object()?;
    for key in ["name", "deviceName"] {
        if let Some(Value::String(s)) = obj.get(key) {
            if !s.trim().is_empty() {
                return Some(s.trim().to_owned());
            }
        }
    }
    if depth >= 4 {
        return None;
    }
    obj.values().find_map(|child| find_name(child, depth + 1))
}

fn id_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match Value::deserialize(d)? {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(serde::de::Error::custom(format!(
            "user id {other} is not a string or number"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn token_never_prints() {
        let t = Token::new("F62FABC2F1619F9B98821D91339C0483");
        assert!(!format!("{t:?}").contains("F62F"));
        let c = Credentials {
            username: "u".into(),
            password: "hunter2".into(),
        };
        assert!(!format!("{c:?}").contains("hunter2"));
    }

    #[test]
    fn user_id_string_or_number_and_roles() {
        let u: User =
            serde_json::from_value(json!({"id": 42, "roles": ["TIMING_POINT_ACCOUNT"], "x": 1}))
                .expect("user");
        assert_eq!(u.id, "42");
        assert!(u.is_timekeeper());
        let u: User = serde_json::from_value(json!({"id": "user-1"})).expect("user");
        assert!(!u.is_timekeeper());
        assert!(serde_json::from_value::<User>(json!({"id": [1]})).is_err());
    }

    #[test]
    fn devices_are_lenient_but_ids_are_digits() {
        let d = Device::from_value(&json!({"id":"231203016","type":"MT1","deviceComponents":{"info":{"name":"Club B split"}}}))
            .expect("device");
        assert_eq!(d.name.as_deref(), Some("Club B split"));
        assert_eq!(d.label(), "Club B split (231203016)");
        assert_eq!(
            Device::from_value(&json!({"id": 190801013})).map(|d| d.id),
            Some("190801013".into())
        );
        assert!(Device::from_value(&json!({"id": "12/../x"})).is_none());
        assert!(Device::from_value(&json!({"type": "MT1"})).is_none());
    }
}
