export const TEMPLATE_DATABASE = "autovest_template";
