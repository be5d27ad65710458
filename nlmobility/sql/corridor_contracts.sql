-- Contracts of one corridor. Params: $corridor_id.
SELECT contract_ref, supplier, concept, amount_mxn, signed_on, url
FROM corridor_contract WHERE corridor_id = $corridor_id ORDER BY signed_on, contract_ref
