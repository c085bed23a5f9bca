use leptos::prelude::*;
use mdm_prereqs::App;

fn main() {
    console_error_panic_hook::set_once();
    mount_to_body(App);
}
