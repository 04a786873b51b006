//! The MT1 protocol: REST, SockJS, STOMP and the trigger model. Pure parsers live beside the
//! I/O that uses them; nothing here knows about the UI or the session.

pub mod account;
pub mod connection;
pub mod inbound;
pub mod net_error;
pub mod rest;
pub mod sockjs;
pub mod stomp;
pub mod time;
pub mod tls;
pub mod trigger;
