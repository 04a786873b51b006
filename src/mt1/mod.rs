//! The MT1 protocol: REST, SockJS, STOMP, the trigger decoder and the live link. Pure parsers
//! live beside the I/O that uses them; nothing here knows about the UI or the session. The
//! trigger's key and facts are the model's (`crate::model`).

pub mod account;
pub mod connection;
pub mod inbound;
pub mod net_error;
pub mod rest;
pub mod sockjs;
pub mod stomp;
pub mod tls;
pub mod trigger;
