-- What registry-svc needs beyond the base schema (docs/registry.md).
--
-- 1. Extension names are global. Tenants, the gateway (/api/ext/{name}/...) and the assets
--    service address an extension by its reverse-DNS name alone, so a name belongs to the first
--    publisher that publishes it; another publisher's bundle with that name is refused.
ALTER TABLE extension_registry ADD CONSTRAINT extension_registry_name_key UNIQUE (name);

-- 2. The signer's `signed_at` is part of the signed message (docs/signing.md). Keeping it beside
--    the signature and key id lets install-time trust re-checks verify the stored signature
--    without reading signature.json from the object store. All three are set, or none
--    (development mode).
ALTER TABLE extension_version ADD COLUMN signed_at timestamptz;
ALTER TABLE extension_version ADD CONSTRAINT extension_version_signed_at_check
    CHECK ((signature IS NULL) = (signed_at IS NULL));

-- Versions stay immutable with the new column: only the yank state may change after publish.
CREATE OR REPLACE FUNCTION alga_extension_version_immutable() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.id, NEW.registry_id, NEW.version, NEW.content_hash, NEW.signature, NEW.signing_key_id,
        NEW.signed_at, NEW.runtime, NEW.manifest, NEW.capabilities, NEW.endpoints, NEW.precompiled,
        NEW.published_at, NEW.published_by)
       IS DISTINCT FROM
       (OLD.id, OLD.registry_id, OLD.version, OLD.content_hash, OLD.signature, OLD.signing_key_id,
        OLD.signed_at, OLD.runtime, OLD.manifest, OLD.capabilities, OLD.endpoints, OLD.precompiled,
        OLD.published_at, OLD.published_by) THEN
        RAISE EXCEPTION 'extension_version % is immutable: only its yank state may change', OLD.id
            USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'extension_version_immutable';
    END IF;
    RETURN NEW;
END $$;
