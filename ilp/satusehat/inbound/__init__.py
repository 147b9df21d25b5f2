"""Inbound FHIR R4: third-party apps that follow the SATUSEHAT standard send their Posyandu and home-visit
records to the Puskesmas (decision 0018). `apps` registers and authenticates them, `receive` joins
what they send into our record, `views` is the HTTP face at /fhir/R4/."""
