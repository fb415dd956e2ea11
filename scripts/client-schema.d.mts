export declare const CLIENT_DIR: string;
export declare const DOCUMENT_FILE: string;
export declare const SCHEMA_FILE: string;
export declare function documentText(document: unknown): string;
export declare function schemaText(document: unknown): Promise<string>;
