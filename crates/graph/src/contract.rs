//! A small OpenAPI 3.0 checker (feature `contract`, never in the app):
//! paths and operations, `$select` properties, request bodies and sample
//! responses against Microsoft's Graph metadata in `metadata/`. Used by the
//! contract tests and by the e2e Graph stand-in, which checks every request
//! it receives.

use crate::{GraphRequest, Method};
use serde_json::{Map, Value};

pub struct Spec {
    doc: Value,
    /// The beta names (properties, enums, documented paths): beta requests
    /// are checked against these, as no beta schema is at hand.
    beta: Value,
}

/// Requests are strict (only declared properties); responses may carry
/// OData annotations (`@odata.context`, `@odata.type`, …) and a derived
/// type named by `@odata.type`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Request,
    Response,
}

/// Reads a metadata file of this crate (`metadata/{file}`); panics if it is
/// missing or not JSON (the files are part of the source tree).
pub fn load(file: &str) -> Value {
    let path = format!("{}/metadata/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn method_key(m: Method) -> &'static str {
    match m {
        Method::Get => "get",
        Method::Post => "post",
        Method::Patch => "patch",
        Method::Delete => "delete",
    }
}

fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

fn is_date_time(s: &str) -> bool {
    // 2024-05-01T12:00:00Z, fractions and offsets allowed.
    let b = s.as_bytes();
    b.len() >= 20
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && (s.ends_with('Z') || s[19..].contains(['+', '-']))
}

impl Spec {
    pub fn v1() -> Spec {
        Spec {
            doc: load("graph-v1.0-intune-prereq-subset.json"),
            beta: load("graph-beta-intune-prereq-names.json"),
        }
    }

    fn schema(&self, reference: &str) -> Result<&Value, String> {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .ok_or_else(|| format!("unsupported $ref {reference}"))?;
        self.doc["components"]["schemas"]
            .get(name)
            .ok_or_else(|| format!("no schema {name}"))
    }

    /// The path template and operation for a request's method and path.
    pub fn operation(&self, method: Method, path: &str) -> Result<(&str, &Value), String> {
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let paths = self.doc["paths"]
            .as_object()
            .ok_or("the document has no paths")?;
        let mut best: Option<(usize, &str, &Value)> = None;
        for (template, item) in paths {
            let t: Vec<&str> = template.trim_start_matches('/').split('/').collect();
            if t.len() != segments.len() {
                continue;
            }
            let mut literal = 0;
            let matches = t.iter().zip(&segments).all(|(t, s)| {
                if t.starts_with('{') && t.ends_with('}') {
                    !s.is_empty()
                } else {
                    literal += 1;
                    t == s
                }
            });
            if matches && best.is_none_or(|(l, _, _)| literal > l) {
                best = Some((literal, template, item));
            }
        }
        let (_, template, item) =
            best.ok_or_else(|| format!("no documented path matches {path}"))?;
        let op = item
            .get(method_key(method))
            .ok_or_else(|| format!("{template} has no {} operation", method.as_str()))?;
        Ok((template, op))
    }

    /// Every documented operation, as `METHOD template`.
    pub fn operations(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (template, item) in self.doc["paths"].as_object().into_iter().flatten() {
            for m in ["get", "post", "patch", "delete"] {
                if item.get(m).is_some() {
                    out.push(format!("{} {template}", m.to_ascii_uppercase()));
                }
            }
        }
        out.sort();
        out
    }

    /// The success response schema of an operation (first 2xx with content).
    pub fn success_schema<'a>(&'a self, op: &'a Value) -> Option<&'a Value> {
        op["responses"].as_object()?.iter().find_map(|(status, r)| {
            status
                .starts_with('2')
                .then(|| r.pointer("/content/application~1json/schema"))
                .flatten()
        })
    }

    /// Every property an object schema allows (through `$ref`, `allOf`,
    /// and the non-null branch of `anyOf`), with its schema.
    pub fn properties<'a>(&'a self, schema: &'a Value) -> Result<Map<String, Value>, String> {
        let mut out = Map::new();
        self.collect_properties(schema, &mut out)?;
        Ok(out)
    }

    fn collect_properties<'a>(
        &'a self,
        schema: &'a Value,
        out: &mut Map<String, Value>,
    ) -> Result<(), String> {
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            return self.collect_properties(self.schema(r)?, out);
        }
        if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
            for s in all {
                self.collect_properties(s, out)?;
            }
        }
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            for (k, v) in props {
                out.insert(k.clone(), v.clone());
            }
        }
        Ok(())
    }

    /// The schema whose items a collection response holds, or the entity.
    fn selectable<'a>(&'a self, schema: &'a Value) -> &'a Value {
        match schema.pointer("/properties/value/items") {
            Some(items) if schema.pointer("/properties/@odata.nextLink").is_some() => items,
            _ => schema,
        }
    }

    /// Checks a request: documented path and method, query options, every
    /// `$select` property on the response type, and the body.
    pub fn check_request(&self, req: &GraphRequest) -> Result<(), String> {
        if req.beta {
            return self.check_beta_request(req);
        }
        let (template, op) = self.operation(req.method, &req.path)?;
        for (k, _) in &req.query {
            if !matches!(
                k.as_str(),
                "$select" | "$filter" | "$top" | "$expand" | "$count" | "$orderby" | "$search"
            ) {
                return Err(format!("{template}: unknown query option {k}"));
            }
        }
        let selected = req.selected();
        if !selected.is_empty() {
            let schema = self.success_schema(op).ok_or_else(|| {
                format!("{template}: $select on an operation without a response body")
            })?;
            let props = self.properties(self.selectable(schema))?;
            for p in selected {
                if !props.contains_key(p) {
                    return Err(format!(
                        "{template}: $select names {p}, which the response type does not have"
                    ));
                }
            }
        }
        match (op.get("requestBody"), &req.body) {
            (None, None) => Ok(()),
            (None, Some(_)) => Err(format!("{template} {} takes no body", req.method.as_str())),
            (Some(rb), None) => {
                if rb["required"] == Value::Bool(true) {
                    Err(format!("{template} {} needs a body", req.method.as_str()))
                } else {
                    Ok(())
                }
            }
            (Some(rb), Some(body)) => {
                let schema = rb
                    .pointer("/content/application~1json/schema")
                    .ok_or_else(|| format!("{template}: request body is not JSON"))?;
                self.validate(body, schema, Direction::Request, "body")
            }
        }
    }

    /// A beta operation as the names file documents it: its entity (or
    /// complex type) and the body parameters named after its path.
    fn beta_operation(
        &self,
        method: Method,
        path: &str,
    ) -> Result<(&'static str, Vec<String>), String> {
        let documented = self.beta["paths"]
            .as_object()
            .into_iter()
            .flat_map(|paths| paths.keys())
            .find_map(|key| {
                let (methods, rest) = key.split_once(' ')?;
                let (template, params) = rest.split_once(' ').unwrap_or((rest, ""));
                (methods.split('|').any(|m| m == method.as_str()) && template == path)
                    .then(|| params.to_owned())
            })
            .ok_or_else(|| format!("beta {} {path} is not documented", method.as_str()))?;
        let entity = match path {
            "/deviceManagement/importedDeviceIdentities"
            | "/deviceManagement/importedDeviceIdentities/importDeviceIdentityList" => {
                "importedDeviceIdentity"
            }
            "/deviceManagement/androidManagedStoreAccountEnterpriseSettings" => {
                "androidManagedStoreAccountEnterpriseSettings"
            }
            other => return Err(format!("beta {other}: no entity known to this checker")),
        };
        let params = documented
            .trim_start_matches('{')
            .split('}')
            .next()
            .unwrap_or_default()
            .split(',')
            .map(|p| p.trim().trim_end_matches("[]").to_owned())
            .filter(|p| !p.is_empty())
            .collect();
        Ok((entity, params))
    }

    /// The beta names of `entity`'s properties.
    fn beta_properties(&self, entity: &str) -> Result<Vec<&str>, String> {
        let found = self.beta["entities"]
            .get(entity)
            .or_else(|| self.beta["complex"].get(entity))
            .ok_or_else(|| format!("beta {entity} is not in the names file"))?;
        Ok(found["properties"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect())
    }

    fn beta_enum(&self, name: &str, value: &Value, at: &str) -> Result<(), String> {
        let allowed: Vec<&str> = self.beta["enums"][name]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        match value.as_str() {
            Some(v) if allowed.contains(&v) => Ok(()),
            _ => Err(format!(
                "{at}: {value} is not a {name} ({})",
                allowed.join(", ")
            )),
        }
    }

    /// A beta request: a documented path and method, `$select` names of
    /// its entity, and a body of documented parameters and property names
    /// with enum values from the names file.
    fn check_beta_request(&self, req: &GraphRequest) -> Result<(), String> {
        let (entity, params) = self.beta_operation(req.method, &req.path)?;
        let properties = self.beta_properties(entity)?;
        for (k, _) in &req.query {
            if !matches!(k.as_str(), "$select" | "$filter" | "$top" | "$orderby") {
                return Err(format!("beta {}: unknown query option {k}", req.path));
            }
        }
        for p in req.selected() {
            if !properties.contains(&p) {
                return Err(format!(
                    "beta {}: $select names {p}, which {entity} does not have",
                    req.path
                ));
            }
        }
        let body = match (&req.body, req.method) {
            (None, Method::Get | Method::Delete) => return Ok(()),
            (Some(_), Method::Get | Method::Delete) => {
                return Err(format!(
                    "beta {} {} takes no body",
                    req.method.as_str(),
                    req.path
                ))
            }
            (None, _) => {
                return Err(format!(
                    "beta {} {} needs a body",
                    req.method.as_str(),
                    req.path
                ))
            }
            (Some(body), _) => body.as_object().ok_or("beta body: not an object")?,
        };
        for key in body.keys() {
            if !params.iter().any(|p| p == key) {
                return Err(format!("beta body: unknown property {key}"));
            }
        }
        for p in &params {
            if !body.contains_key(p) {
                return Err(format!("beta body: required property {p} missing"));
            }
        }
        if let Some(v) = body.get("overwriteImportedDeviceIdentities") {
            if !v.is_boolean() {
                return Err("beta body.overwriteImportedDeviceIdentities: is not a boolean".into());
            }
        }
        if let Some(list) = body.get("importedDeviceIdentities") {
            let items = list
                .as_array()
                .ok_or("beta body.importedDeviceIdentities: is not an array")?;
            for (i, item) in items.iter().enumerate() {
                self.check_beta_item(
                    item,
                    &properties,
                    &format!("beta body.importedDeviceIdentities[{i}]"),
                )?;
            }
        }
        Ok(())
    }

    fn check_beta_item(&self, item: &Value, properties: &[&str], at: &str) -> Result<(), String> {
        let item = item
            .as_object()
            .ok_or_else(|| format!("{at}: is not an object"))?;
        for (key, value) in item {
            if !properties.contains(&key.as_str()) {
                return Err(format!("{at}: unknown property {key}"));
            }
            match key.as_str() {
                "importedDeviceIdentityType" => {
                    self.beta_enum("importedDeviceIdentityType", value, at)?
                }
                "platform" => self.beta_enum("platform", value, at)?,
                "enrollmentState" => self.beta_enum("enrollmentState", value, at)?,
                "importedDeviceIdentifier" | "description" if !value.is_string() => {
                    return Err(format!("{at}.{key}: is not a string"))
                }
                _ => {}
            }
        }
        match item.get("importedDeviceIdentifier").and_then(Value::as_str) {
            Some(id) if !id.trim().is_empty() => Ok(()),
            _ => Err(format!(
                "{at}: required property importedDeviceIdentifier missing or empty"
            )),
        }
    }

    /// Checks a beta answer's items (or the entity itself) carry only the
    /// property names of `entities` (a derived type and its base) and OData
    /// annotations.
    pub fn check_beta_response(&self, entities: &[&str], body: &Value) -> Result<(), String> {
        let mut properties = Vec::new();
        for entity in entities {
            properties.extend(self.beta_properties(entity)?);
        }
        let entity = entities.join(" or ");
        let items: Vec<&Value> = match body.get("value").and_then(Value::as_array) {
            Some(items) => items.iter().collect(),
            None => vec![body],
        };
        for item in items {
            let item = item
                .as_object()
                .ok_or("beta response: an item is not an object")?;
            for key in item.keys() {
                if !key.contains('@') && key != "id" && !properties.contains(&key.as_str()) {
                    return Err(format!("beta response: unknown property {key} of {entity}"));
                }
            }
        }
        Ok(())
    }

    /// Checks a sample success response body for `method path`.
    pub fn check_response(&self, method: Method, path: &str, body: &Value) -> Result<(), String> {
        let (template, op) = self.operation(method, path)?;
        let schema = self
            .success_schema(op)
            .ok_or_else(|| format!("{template}: the operation has no response body"))?;
        self.validate(body, schema, Direction::Response, "response")
    }

    /// Checks a sample error body against the documented error response.
    pub fn check_error(&self, body: &Value) -> Result<(), String> {
        let schema = self
            .doc
            .pointer("/components/responses/error/content/application~1json/schema")
            .ok_or("no error response in the document")?;
        self.validate(body, schema, Direction::Response, "error")
    }

    fn derives_from(&self, name: &str, base: &str) -> bool {
        if name == base {
            return true;
        }
        let Ok(s) = self.schema(&format!("#/components/schemas/{name}")) else {
            return false;
        };
        s.get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|p| p.get("$ref").and_then(Value::as_str))
            .filter_map(|r| r.strip_prefix("#/components/schemas/"))
            .any(|parent| self.derives_from(parent, base))
    }

    fn nullable(schema: &Value) -> bool {
        schema["nullable"] == Value::Bool(true)
    }

    /// `{"type": "object", "nullable": true}` alone: the "or null" branch
    /// Microsoft's generator adds to `anyOf`.
    fn null_placeholder(schema: &Value) -> bool {
        Self::nullable(schema)
            && schema["type"] == "object"
            && schema.get("properties").is_none()
            && schema.get("$ref").is_none()
    }

    pub fn validate(
        &self,
        v: &Value,
        schema: &Value,
        dir: Direction,
        at: &str,
    ) -> Result<(), String> {
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            let name = r.trim_start_matches("#/components/schemas/");
            let mut target = self.schema(r)?;
            if let (Direction::Response, Some(t)) =
                (dir, v.get("@odata.type").and_then(Value::as_str))
            {
                let derived = t.trim_start_matches('#');
                if !self.derives_from(derived, name) {
                    return Err(format!("{at}: @odata.type {t} is not a {name}"));
                }
                target = self.schema(&format!("#/components/schemas/{derived}"))?;
            }
            if v.is_null() && Self::nullable(schema) {
                return Ok(());
            }
            return self.validate(v, target, dir, at);
        }
        if let Some(any) = schema.get("anyOf").and_then(Value::as_array) {
            if v.is_null() {
                return if any.iter().any(Self::nullable) {
                    Ok(())
                } else {
                    Err(format!("{at}: null is not allowed"))
                };
            }
            let mut errors = Vec::new();
            for branch in any.iter().filter(|b| !Self::null_placeholder(b)) {
                match self.validate(v, branch, dir, at) {
                    Ok(()) => return Ok(()),
                    Err(e) => errors.push(e),
                }
            }
            return Err(errors.join("; "));
        }
        if v.is_null() {
            return if Self::nullable(schema) {
                Ok(())
            } else {
                Err(format!("{at}: null is not allowed"))
            };
        }
        if schema.get("allOf").is_some() {
            return self.validate_object(v, schema, dir, at);
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            return if values.contains(v) {
                Ok(())
            } else {
                Err(format!(
                    "{at}: {v} is not one of {}",
                    Value::Array(values.clone())
                ))
            };
        }
        let ty = schema
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("object");
        match ty {
            "string" => {
                let s = v
                    .as_str()
                    .ok_or_else(|| format!("{at}: {v} is not a string"))?;
                match schema.get("format").and_then(Value::as_str) {
                    Some("uuid") if !is_uuid(s) => Err(format!("{at}: {s} is not a uuid")),
                    Some("date-time") if !is_date_time(s) => {
                        Err(format!("{at}: {s} is not a date-time"))
                    }
                    _ => Ok(()),
                }
            }
            "boolean" => v
                .is_boolean()
                .then_some(())
                .ok_or_else(|| format!("{at}: {v} is not a boolean")),
            "integer" | "number" => {
                let n = v
                    .as_f64()
                    .ok_or_else(|| format!("{at}: {v} is not a number"))?;
                let integral = schema
                    .get("format")
                    .and_then(Value::as_str)
                    .is_some_and(|f| f.starts_with("int") || f.starts_with("uint"));
                if (ty == "integer" || integral) && !(v.is_i64() || v.is_u64()) {
                    return Err(format!("{at}: {v} is not a whole number"));
                }
                if schema
                    .get("minimum")
                    .and_then(Value::as_f64)
                    .is_some_and(|m| n < m)
                {
                    return Err(format!("{at}: {v} is below the minimum"));
                }
                if schema
                    .get("maximum")
                    .and_then(Value::as_f64)
                    .is_some_and(|m| n > m)
                {
                    return Err(format!("{at}: {v} is above the maximum"));
                }
                Ok(())
            }
            "array" => {
                let items = v
                    .as_array()
                    .ok_or_else(|| format!("{at}: {v} is not an array"))?;
                let item_schema = schema
                    .get("items")
                    .ok_or_else(|| format!("{at}: array without items"))?;
                for (i, item) in items.iter().enumerate() {
                    self.validate(item, item_schema, dir, &format!("{at}[{i}]"))?;
                }
                Ok(())
            }
            "object" => self.validate_object(v, schema, dir, at),
            other => Err(format!("{at}: unsupported schema type {other}")),
        }
    }

    fn validate_object(
        &self,
        v: &Value,
        schema: &Value,
        dir: Direction,
        at: &str,
    ) -> Result<(), String> {
        let obj = v
            .as_object()
            .ok_or_else(|| format!("{at}: {v} is not an object"))?;
        let props = self.properties(schema)?;
        for (k, value) in obj {
            match props.get(k) {
                Some(s) => self.validate(value, s, dir, &format!("{at}.{k}"))?,
                None if dir == Direction::Response && k.contains('@') => {}
                None => return Err(format!("{at}: unknown property {k}")),
            }
        }
        for r in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(name) = r.as_str() {
                if !obj.contains_key(name) {
                    return Err(format!("{at}: required property {name} is missing"));
                }
            }
        }
        Ok(())
    }
}
