//! Helpers shared by the browser suites.
#![allow(dead_code)]

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement, HtmlInputElement};

pub fn storage() -> web_sys::Storage {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("localStorage")
}

/// A storage key no other test uses.
pub fn unique_key(name: &str) -> String {
    format!("test.{name}.{}", js_sys::Math::random())
}

pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Waits (up to 5 s) until `find` returns something.
pub async fn wait_for<T>(what: &str, mut find: impl FnMut() -> Option<T>) -> T {
    for _ in 0..500 {
        if let Some(found) = find() {
            return found;
        }
        sleep_ms(10).await;
    }
    panic!("timed out waiting for {what}");
}

pub fn query(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).ok().flatten()
}

/// The element `selector` finds now (for use inside `wait_for`).
pub fn element_now(root: &Element, selector: &str) -> Element {
    query(root, selector).unwrap_or_else(|| panic!("{selector} is missing"))
}

pub async fn element(root: &Element, selector: &str) -> Element {
    let root = root.clone();
    let sel = selector.to_string();
    wait_for(selector, move || query(&root, &sel)).await
}

pub fn text(el: &Element) -> String {
    el.text_content().unwrap_or_default()
}

/// Types `value` into an input the way a user would (value + input event).
pub fn type_into(input: &Element, value: &str) {
    let input: &HtmlInputElement = input.unchecked_ref();
    input.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).expect("event");
    input.dispatch_event(&event).expect("dispatch");
}

pub fn click(el: &Element) {
    el.unchecked_ref::<HtmlElement>().click();
}

/// A fresh container in the page for one test.
pub fn container() -> HtmlElement {
    let el = document().create_element("section").expect("section");
    document()
        .body()
        .expect("body")
        .append_child(&el)
        .expect("append");
    el.unchecked_into()
}

pub fn set_hash(hash: &str) {
    let _ = window().location().set_hash(hash);
}

pub fn js(value: &str) -> JsValue {
    JsValue::from_str(value)
}

/// Puts a file with `bytes` into a file input, as picking it would, and
/// fires `change`.
pub fn pick_file(input: &Element, name: &str, bytes: &[u8]) {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::FilePropertyBag::new();
    options.set_type("image/png");
    let file = web_sys::File::new_with_u8_array_sequence_and_options(&parts, name, &options)
        .expect("file");
    let transfer = web_sys::DataTransfer::new().expect("data transfer");
    transfer.items().add_with_file(&file).expect("add file");
    let input: &HtmlInputElement = input.unchecked_ref();
    input.set_files(transfer.files().as_ref());
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("change", &init).expect("event");
    input.dispatch_event(&event).expect("dispatch");
}

/// A minimal whole PNG (signature, IHDR, IDAT, IEND) of the given size.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
    b.extend_from_slice(&13u32.to_be_bytes());
    b.extend_from_slice(b"IHDR");
    b.extend_from_slice(&width.to_be_bytes());
    b.extend_from_slice(&height.to_be_bytes());
    b.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    // An IDAT chunk (an empty zlib stream), then IEND: a whole file.
    b.extend_from_slice(b"\0\0\0\x08IDAT\x78\x9c\x03\0\0\0\0\x01\0\0\0\0");
    b.extend_from_slice(b"\0\0\0\0IEND\0\0\0\0");
    b
}

/// Mounts the whole app on `#hash` over a localStorage backend using `key`
/// and returns its container (the app stays mounted for the test's page).
pub fn mount_app(key: &str, hash: &str) -> HtmlElement {
    mount_backend(
        std::rc::Rc::new(mdm_prereqs::backend::LocalStorageBackend::new(key)),
        hash,
    )
}

/// Mounts the whole app on `#hash` over any backend.
pub fn mount_backend(
    backend: std::rc::Rc<dyn mdm_prereqs::backend::Backend>,
    hash: &str,
) -> HtmlElement {
    use mdm_prereqs::Shell;
    set_hash(hash);
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <Shell backend=backend.clone() /> }
    });
    MOUNTED.with(|apps| apps.borrow_mut().push(Box::new(handle)));
    root
}

thread_local! {
    /// The apps tests have mounted: they stay until [`unmount_all`].
    static MOUNTED: std::cell::RefCell<Vec<Box<dyn std::any::Any>>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Unmounts every app mounted so far (their page-wide listeners go too), so
/// a test that checks the window sees only its own app.
pub fn unmount_all() {
    let apps = MOUNTED.with(|apps| std::mem::take(&mut *apps.borrow_mut()));
    drop(apps);
}

/// Fires the `storage` event another tab's write of `key` would fire here.
pub fn storage_event(key: &str) {
    let init = web_sys::StorageEventInit::new();
    init.set_key(Some(key));
    let event =
        web_sys::StorageEvent::new_with_event_init_dict("storage", &init).expect("storage event");
    web_sys::window()
        .expect("window")
        .dispatch_event(&event)
        .expect("dispatch");
}

/// Fires `beforeunload` (as closing the tab would) and tells whether the
/// page asked to stay (call [`unmount_all`] first: every mounted app
/// listens).
pub fn leaving_is_held_back() -> bool {
    let init = web_sys::EventInit::new();
    init.set_cancelable(true);
    let event = web_sys::Event::new_with_event_init_dict("beforeunload", &init).expect("event");
    web_sys::window()
        .expect("window")
        .dispatch_event(&event)
        .expect("dispatch");
    event.default_prevented()
}

/// Mounts the whole app on `#hash` over `backend`, with Settings switching
/// from `current` to this browser's store under `browser_key` or to a
/// server; the choices it would save (and reload on) are recorded instead.
pub fn mount_switching(
    backend: std::rc::Rc<dyn mdm_prereqs::backend::Backend>,
    current: domain::backend_settings::BackendChoice,
    browser_key: &str,
    hash: &str,
) -> (HtmlElement, Chosen) {
    use mdm_prereqs::backend::choice::Switching;
    use mdm_prereqs::Shell;
    let chosen = Chosen::default();
    let record = chosen.clone();
    let switching = Switching {
        current,
        browser: std::rc::Rc::new(mdm_prereqs::backend::LocalStorageBackend::new(browser_key)),
        commit: std::rc::Rc::new(move |choice| {
            record.0.borrow_mut().push(choice.clone());
            Ok(())
        }),
    };
    set_hash(hash);
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <Shell backend=backend.clone() switching=switching.clone() /> }
    });
    MOUNTED.with(|apps| apps.borrow_mut().push(Box::new(handle)));
    (root, chosen)
}

/// The backend choices Settings saved, in order.
#[derive(Clone, Default)]
pub struct Chosen(std::rc::Rc<std::cell::RefCell<Vec<domain::backend_settings::BackendChoice>>>);

impl Chosen {
    pub fn get(&self) -> Vec<domain::backend_settings::BackendChoice> {
        self.0.borrow().clone()
    }
}

/// The reference server scripts/test starts for these suites (its address
/// is passed at build time).
pub fn test_server() -> &'static str {
    match option_env!("MDM_TEST_SERVER") {
        Some(url) => url,
        None => panic!(
            "MDM_TEST_SERVER (the reference server's URL) must be set at build time; scripts/test starts the server and sets it"
        ),
    }
}

/// The token that server was started with (empty: none).
pub fn test_token() -> &'static str {
    option_env!("MDM_TEST_TOKEN").unwrap_or("")
}

/// Settings for `tenant` on the test server, with its token.
pub fn server_settings(tenant: &str) -> domain::backend_settings::ServerSettings {
    domain::backend_settings::ServerSettings {
        url: test_server().to_owned(),
        tenant: tenant.to_owned(),
        token: test_token().to_owned(),
    }
}

/// A tenant no other run has used.
pub fn fresh_tenant(name: &str) -> String {
    format!("{name}-{}", (js_sys::Math::random() * 1e12) as u64)
}
