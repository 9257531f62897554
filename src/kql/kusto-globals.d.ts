// Type declarations of Microsoft's Kusto.Language (Bridge.NET build). Only src/kql/ may use them.
/// <reference path="../../node_modules/@kusto/language-service-next/Kusto.Language.Bridge.d.ts" />
