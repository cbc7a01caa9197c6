//! What a CRM export is, from its header line: which CRM wrote it (Salesforce reports and
//! API/Data Loader names, `HubSpot`, Pipedrive, or a sheet with the usual labels), what its
//! rows are (accounts, contacts or opportunities), and what each column holds. One table
//! per source and kind, written once; a file is read through the table that knows most of
//! its columns, and a file no table places, or that two kinds place equally, is refused
//! with the columns it has: an import never guesses.

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Industry,
    AnnualValue,
    Tier,
    CadenceDays,
    LastContact,
    NextCheckin,
    ContactName,
    ContactFirstName,
    ContactLastName,
    ContactEmail,
    ContactPhone,
    ContactRole,
    Notes,
    /// The client's own turnover (Salesforce "Annual Revenue"): kept as a line of its
    /// notes, not as its value to you, which it would skew.
    Revenue,
    DealTitle,
    DealStage,
    DealAmount,
    DealCloseDate,
    DealKind,
    DealForecast,
    /// An open deal's status where the stage does not say it (Pipedrive: open, won, lost).
    DealStatus,
    /// The record's own id in the CRM.
    RecordId,
    /// The id of the account a contact or deal belongs to (`AccountId`).
    AccountRef,
    /// Recognised, deliberately not imported (the record's owner in the CRM).
    Owner,
    Ignore,
}

impl Field {
    /// Names for `--map "Column=field"`.
    pub const NAMES: [(&'static str, Field); 26] = [
        ("name", Field::Name),
        ("industry", Field::Industry),
        ("annual_value", Field::AnnualValue),
        ("tier", Field::Tier),
        ("cadence_days", Field::CadenceDays),
        ("last_contact", Field::LastContact),
        ("next_checkin", Field::NextCheckin),
        ("contact", Field::ContactName),
        ("first_name", Field::ContactFirstName),
        ("last_name", Field::ContactLastName),
        ("contact_email", Field::ContactEmail),
        ("contact_phone", Field::ContactPhone),
        ("contact_role", Field::ContactRole),
        ("notes", Field::Notes),
        ("revenue", Field::Revenue),
        ("deal", Field::DealTitle),
        ("stage", Field::DealStage),
        ("amount", Field::DealAmount),
        ("close_date", Field::DealCloseDate),
        ("deal_kind", Field::DealKind),
        ("forecast", Field::DealForecast),
        ("status", Field::DealStatus),
        ("crm_id", Field::RecordId),
        ("account_id", Field::AccountRef),
        ("owner", Field::Owner),
        ("ignore", Field::Ignore),
    ];

    /// Its name for `--map`.
    pub fn name(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("ignore", |(n, _)| *n)
    }

    pub fn parse(name: &str) -> Option<Field> {
        Self::NAMES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name.trim()))
            .map(|(_, f)| *f)
    }
}

/// The CRM a file came from: it names the record ids a file carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Salesforce,
    HubSpot,
    Pipedrive,
    /// Any other tool, or a sheet: konto's and common column labels.
    Other,
}

impl Source {
    pub fn label(self) -> &'static str {
        match self {
            Source::Salesforce => "Salesforce",
            Source::HubSpot => "HubSpot",
            Source::Pipedrive => "Pipedrive",
            Source::Other => "CSV",
        }
    }

    /// `salesforce:001…`: a record id as the book keeps it (`None`: ids from an unnamed
    /// tool are not kept, they name nothing konto can find again).
    pub fn prefix(self) -> Option<&'static str> {
        match self {
            Source::Salesforce => Some("salesforce"),
            Source::HubSpot => Some("hubspot"),
            Source::Pipedrive => Some("pipedrive"),
            Source::Other => None,
        }
    }
}

/// What a file's rows are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Accounts,
    Contacts,
    Opportunities,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Accounts, Kind::Contacts, Kind::Opportunities];

    /// As `--as` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Accounts => "accounts",
            Kind::Contacts => "contacts",
            Kind::Opportunities => "opportunities",
        }
    }

    /// As the source calls them.
    pub fn label(self, source: Source) -> &'static str {
        match (self, source) {
            (Kind::Accounts, Source::HubSpot) => "companies",
            (Kind::Accounts, Source::Pipedrive) => "organizations",
            (Kind::Accounts, _) => "accounts",
            (Kind::Contacts, Source::Pipedrive) => "persons",
            (Kind::Contacts, _) => "contacts",
            (Kind::Opportunities, Source::HubSpot | Source::Pipedrive) => "deals",
            (Kind::Opportunities, _) => "opportunities",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        let text = text.trim().to_lowercase();
        Kind::ALL.into_iter().find(|kind| {
            kind.name() == text
                || [Source::HubSpot, Source::Pipedrive]
                    .iter()
                    .any(|s| kind.label(*s) == text)
        })
    }
}

/// `Account Name`, `account_name`, `ACCOUNT NAME` and Pipedrive's `Deal - Title`
/// (`dealtitle`) are looked up alike.
pub fn normalise(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

use Field::{
    AccountRef, AnnualValue, CadenceDays, ContactEmail, ContactFirstName, ContactLastName,
    ContactName, ContactPhone, ContactRole, DealAmount, DealCloseDate, DealForecast, DealKind,
    DealStage, DealStatus, DealTitle, Ignore, Industry, LastContact, Name, NextCheckin, Notes,
    Owner, RecordId, Revenue, Tier,
};

type Columns = &'static [(&'static str, Field)];

/// One source's columns for one kind of record, normalised. `Ignore` marks a column the
/// source writes that konto knows and does not import: it still tells the file's kind.
struct Table {
    source: Source,
    kind: Kind,
    columns: Columns,
}

// Salesforce: report labels and API (Data Loader, Workbench, `sf data export`) names.
// An account's own id is `Id` (`Account ID` in a report); a contact's or an
// opportunity's `AccountId` names its account.
const SALESFORCE_ACCOUNTS: Columns = &[
    ("id", RecordId),
    ("accountid", RecordId),
    ("name", Name),
    ("accountname", Name),
    ("industry", Industry),
    ("annualrevenue", Revenue),
    ("phone", ContactPhone),
    ("description", Notes),
    ("lastactivitydate", LastContact),
    ("lastactivity", LastContact),
    ("ownerid", Owner),
    ("accountowner", Owner),
    ("type", Ignore),
    ("accounttype", Ignore),
    ("website", Ignore),
    ("billingstreet", Ignore),
    ("billingcity", Ignore),
    ("billingstate", Ignore),
    ("billingpostalcode", Ignore),
    ("billingcountry", Ignore),
    ("numberofemployees", Ignore),
    ("employees", Ignore),
    ("parentid", Ignore),
    ("accountnumber", Ignore),
    ("rating", Ignore),
    ("createddate", Ignore),
];

const SALESFORCE_CONTACTS: Columns = &[
    ("id", RecordId),
    ("contactid", RecordId),
    ("accountid", AccountRef),
    ("accountname", Name),
    ("account", Name),
    ("firstname", ContactFirstName),
    ("lastname", ContactLastName),
    ("name", ContactName),
    ("fullname", ContactName),
    ("contactname", ContactName),
    ("title", ContactRole),
    ("email", ContactEmail),
    ("phone", ContactPhone),
    ("mobilephone", ContactPhone),
    ("mobile", ContactPhone),
    ("ownerid", Owner),
    ("contactowner", Owner),
    ("salutation", Ignore),
    ("department", Ignore),
    ("mailingstreet", Ignore),
    ("mailingcity", Ignore),
    ("mailingstate", Ignore),
    ("mailingpostalcode", Ignore),
    ("mailingcountry", Ignore),
    ("leadsource", Ignore),
    ("birthdate", Ignore),
    ("createddate", Ignore),
    ("lastactivitydate", Ignore),
    ("lastactivity", Ignore),
];

const SALESFORCE_OPPORTUNITIES: Columns = &[
    ("id", RecordId),
    ("opportunityid", RecordId),
    ("accountid", AccountRef),
    ("accountname", Name),
    ("account", Name),
    ("name", DealTitle),
    ("opportunityname", DealTitle),
    ("stagename", DealStage),
    ("stage", DealStage),
    ("amount", DealAmount),
    ("closedate", DealCloseDate),
    ("type", DealKind),
    ("opportunitytype", DealKind),
    ("forecastcategoryname", DealForecast),
    ("forecastcategory", DealForecast),
    ("ownerid", Owner),
    ("opportunityowner", Owner),
    ("probability", Ignore),
    ("isclosed", Ignore),
    ("iswon", Ignore),
    ("nextstep", Ignore),
    ("leadsource", Ignore),
    ("createddate", Ignore),
    ("fiscalperiod", Ignore),
    ("fiscal", Ignore),
    ("description", Ignore),
    ("expectedrevenue", Ignore),
    ("campaignid", Ignore),
    ("age", Ignore),
];

// HubSpot's exports: every record has a "Record ID"; associations are written as
// "Associated Company" (its name) and "Associated Company IDs".
const HUBSPOT_COMPANIES: Columns = &[
    ("recordid", RecordId),
    ("companyid", RecordId),
    ("hsobjectid", RecordId),
    ("companyname", Name),
    ("name", Name),
    ("industry", Industry),
    ("annualrevenue", Revenue),
    ("phonenumber", ContactPhone),
    ("primarycontact", ContactName),
    ("email", ContactEmail),
    ("lastactivitydate", LastContact),
    ("companyowner", Owner),
    ("hubspotowner", Owner),
    ("createdate", Ignore),
    ("companydomainname", Ignore),
    ("website", Ignore),
    ("websiteurl", Ignore),
    ("city", Ignore),
    ("stateregion", Ignore),
    ("countryregion", Ignore),
    ("numberofemployees", Ignore),
    ("lifecyclestage", Ignore),
    ("type", Ignore),
];

const HUBSPOT_CONTACTS: Columns = &[
    ("recordid", RecordId),
    ("contactid", RecordId),
    ("hsobjectid", RecordId),
    ("firstname", ContactFirstName),
    ("lastname", ContactLastName),
    ("email", ContactEmail),
    ("phonenumber", ContactPhone),
    ("mobilephonenumber", ContactPhone),
    ("jobtitle", ContactRole),
    ("associatedcompany", Name),
    ("companyname", Name),
    ("associatedcompanyid", AccountRef),
    ("associatedcompanyids", AccountRef),
    ("associatedcompanyidsprimary", AccountRef),
    ("primaryassociatedcompanyid", AccountRef),
    ("contactowner", Owner),
    ("hubspotowner", Owner),
    ("lifecyclestage", Ignore),
    ("leadstatus", Ignore),
    ("createdate", Ignore),
    ("lastactivitydate", Ignore),
    ("city", Ignore),
    ("countryregion", Ignore),
];

const HUBSPOT_DEALS: Columns = &[
    ("recordid", RecordId),
    ("dealid", RecordId),
    ("hsobjectid", RecordId),
    ("dealname", DealTitle),
    ("dealstage", DealStage),
    ("amount", DealAmount),
    ("closedate", DealCloseDate),
    ("dealtype", DealKind),
    ("forecastcategory", DealForecast),
    ("associatedcompany", Name),
    ("associatedcompanyid", AccountRef),
    ("associatedcompanyids", AccountRef),
    ("associatedcompanyidsprimary", AccountRef),
    ("primaryassociatedcompanyid", AccountRef),
    ("dealowner", Owner),
    ("hubspotowner", Owner),
    ("pipeline", Ignore),
    ("createdate", Ignore),
    ("dealprobability", Ignore),
    ("lastactivitydate", Ignore),
    ("associatedcontact", Ignore),
    ("associatedcontactids", Ignore),
];

// Pipedrive writes "Organization - Name", "Person - Email", "Deal - Title"; a list view
// exported from one kind may write the bare names.
const PIPEDRIVE_ORGANIZATIONS: Columns = &[
    ("organizationid", RecordId),
    ("id", RecordId),
    ("organizationname", Name),
    ("name", Name),
    ("organizationowner", Owner),
    ("owner", Owner),
    ("organizationaddress", Ignore),
    ("address", Ignore),
    ("organizationlabel", Ignore),
    ("label", Ignore),
    ("organizationpeople", Ignore),
    ("people", Ignore),
    ("organizationopendeals", Ignore),
    ("organizationwondeals", Ignore),
    ("organizationlastactivitydate", LastContact),
    ("organizationnextactivitydate", NextCheckin),
    ("organizationcreated", Ignore),
    ("organizationupdatetime", Ignore),
];

const PIPEDRIVE_PERSONS: Columns = &[
    ("personid", RecordId),
    ("id", RecordId),
    ("personname", ContactName),
    ("name", ContactName),
    ("personfirstname", ContactFirstName),
    ("firstname", ContactFirstName),
    ("personlastname", ContactLastName),
    ("lastname", ContactLastName),
    ("personemail", ContactEmail),
    ("personemailwork", ContactEmail),
    ("email", ContactEmail),
    ("emailwork", ContactEmail),
    ("personphone", ContactPhone),
    ("personphonework", ContactPhone),
    ("personphonemobile", ContactPhone),
    ("phone", ContactPhone),
    ("phonework", ContactPhone),
    ("personjobtitle", ContactRole),
    ("jobtitle", ContactRole),
    ("personorganization", Name),
    ("organization", Name),
    ("personorganizationid", AccountRef),
    ("organizationid", AccountRef),
    ("personowner", Owner),
    ("owner", Owner),
    ("personlabel", Ignore),
    ("label", Ignore),
    ("personemailhome", Ignore),
    ("personemailother", Ignore),
    ("personphonehome", Ignore),
    ("personphoneother", Ignore),
    ("personcreated", Ignore),
    ("personupdatetime", Ignore),
];

const PIPEDRIVE_DEALS: Columns = &[
    ("dealid", RecordId),
    ("id", RecordId),
    ("dealtitle", DealTitle),
    ("title", DealTitle),
    ("dealvalue", DealAmount),
    ("value", DealAmount),
    ("dealstage", DealStage),
    ("stage", DealStage),
    ("dealstatus", DealStatus),
    ("status", DealStatus),
    ("dealexpectedclosedate", DealCloseDate),
    ("expectedclosedate", DealCloseDate),
    ("dealorganization", Name),
    ("organization", Name),
    ("dealorganizationid", AccountRef),
    ("organizationid", AccountRef),
    ("dealowner", Owner),
    ("owner", Owner),
    ("dealcurrency", Ignore),
    ("currency", Ignore),
    ("dealpipeline", Ignore),
    ("pipeline", Ignore),
    ("dealcontactperson", Ignore),
    ("contactperson", Ignore),
    ("dealprobability", Ignore),
    ("dealwontime", Ignore),
    ("deallosttime", Ignore),
    ("deallostreason", Ignore),
    ("dealdealcreated", Ignore),
    ("dealcreated", Ignore),
    ("dealupdatetime", Ignore),
    ("deallabel", Ignore),
];

const TABLES: [Table; 9] = [
    Table {
        source: Source::Salesforce,
        kind: Kind::Accounts,
        columns: SALESFORCE_ACCOUNTS,
    },
    Table {
        source: Source::Salesforce,
        kind: Kind::Contacts,
        columns: SALESFORCE_CONTACTS,
    },
    Table {
        source: Source::Salesforce,
        kind: Kind::Opportunities,
        columns: SALESFORCE_OPPORTUNITIES,
    },
    Table {
        source: Source::HubSpot,
        kind: Kind::Accounts,
        columns: HUBSPOT_COMPANIES,
    },
    Table {
        source: Source::HubSpot,
        kind: Kind::Contacts,
        columns: HUBSPOT_CONTACTS,
    },
    Table {
        source: Source::HubSpot,
        kind: Kind::Opportunities,
        columns: HUBSPOT_DEALS,
    },
    Table {
        source: Source::Pipedrive,
        kind: Kind::Accounts,
        columns: PIPEDRIVE_ORGANIZATIONS,
    },
    Table {
        source: Source::Pipedrive,
        kind: Kind::Contacts,
        columns: PIPEDRIVE_PERSONS,
    },
    Table {
        source: Source::Pipedrive,
        kind: Kind::Opportunities,
        columns: PIPEDRIVE_DEALS,
    },
];

/// Column labels any tool or sheet may use (konto's own names among them), for a file
/// no CRM's table places better.
fn common_label(header: &str, kind: Kind) -> Field {
    let field = match header {
        "accountname" | "companyname" | "company" | "account" | "organization" | "organisation"
        | "clientname" | "client" | "associatedcompany" => Name,
        "name" if kind == Kind::Accounts => Name,
        "industry" | "sector" => Industry,
        "annualrevenue" | "revenue" => Revenue,
        "annualvalue" | "accountvalue" => AnnualValue,
        "opportunityname" | "opportunity" | "dealname" | "deal" => DealTitle,
        "stage" | "dealstage" | "opportunitystage" => DealStage,
        "status" | "dealstatus" => DealStatus,
        "amount" | "dealamount" | "opportunityamount" | "value" => DealAmount,
        "closedate" | "expectedclosedate" => DealCloseDate,
        "type" | "opportunitytype" | "dealtype" => DealKind,
        "forecastcategory" | "forecastcategoryname" => DealForecast,
        "tier" | "accounttier" => Tier,
        "cadence" | "cadencedays" => CadenceDays,
        "lastactivity" | "lastactivitydate" | "lastcontacted" | "lastcontact"
        | "lastcontactdate" | "lastengagementdate" => LastContact,
        "nextactivitydate" | "nextcheckin" => NextCheckin,
        "contactname" | "primarycontact" | "contact" | "associatedcontact" | "fullname" => {
            ContactName
        }
        "name" if kind == Kind::Contacts => ContactName,
        "firstname" | "contactfirstname" => ContactFirstName,
        "lastname" | "contactlastname" => ContactLastName,
        "email" | "contactemail" | "emailaddress" | "primaryemail" => ContactEmail,
        "phone" | "phonenumber" | "companyphone" | "contactphone" | "mobile" | "mobilephone"
        | "mobilephonenumber" => ContactPhone,
        "title" | "jobtitle" | "contacttitle" | "role" => ContactRole,
        "description" | "notes" | "note" => Notes,
        "accountowner" | "companyowner" | "owner" | "hubspotowner" | "recordowner" => Owner,
        _ => return Ignore,
    };
    // Each kind reads its own fields only: an account's "Type" is no deal's, a contact
    // export's "Industry" no person's.
    let account_only = matches!(
        field,
        Industry | Revenue | AnnualValue | Tier | CadenceDays | LastContact | NextCheckin | Notes
    );
    let deal_only = matches!(
        field,
        DealTitle | DealStage | DealStatus | DealAmount | DealCloseDate | DealKind | DealForecast
    );
    let person_only = matches!(
        field,
        ContactFirstName | ContactLastName | ContactRole | ContactEmail
    );
    let foreign = match kind {
        Kind::Accounts => deal_only,
        Kind::Contacts => account_only || deal_only,
        Kind::Opportunities => account_only || person_only,
    };
    if foreign { Ignore } else { field }
}

/// What a file was recognised as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recognised {
    pub source: Source,
    pub kind: Kind,
    /// Each column and what it is read as, in the file's order.
    pub columns: Vec<(String, Field)>,
}

impl Recognised {
    /// "Salesforce opportunities".
    pub fn describe(&self) -> String {
        format!("{} {}", self.source.label(), self.kind.label(self.source))
    }

    pub fn has(&self, field: Field) -> bool {
        self.columns.iter().any(|(_, f)| *f == field)
    }
}

/// The fields a file of `kind` cannot do without.
fn complete(kind: Kind, columns: &[(String, Field)]) -> bool {
    let has = |wanted: &[Field]| columns.iter().any(|(_, f)| wanted.contains(f));
    match kind {
        Kind::Accounts => has(&[Name]),
        Kind::Contacts => {
            has(&[ContactName, ContactFirstName, ContactLastName]) && has(&[Name, AccountRef])
        }
        Kind::Opportunities => {
            has(&[DealTitle]) && has(&[DealStage, DealStatus]) && has(&[Name, AccountRef])
        }
    }
}

/// One way of reading the file, with how many of its columns that way knows.
struct Reading {
    recognised: Recognised,
    known: usize,
}

fn read_as(
    headers: &[String],
    (source, kind, table): (Source, Kind, Option<Columns>),
    mapped: &[(String, Field)],
) -> Reading {
    let mut known = 0;
    let columns = headers
        .iter()
        .map(|header| {
            let key = normalise(header);
            let from_map = mapped
                .iter()
                .find(|(column, _)| normalise(column) == key)
                .map(|(_, f)| *f);
            let from_table = match table {
                Some(table) => table.iter().find(|(name, _)| *name == key).map(|(_, f)| *f),
                None => Some(common_label(&key, kind)).filter(|f| *f != Ignore),
            };
            if from_map.is_some() || from_table.is_some() {
                known += 1;
            }
            (header.clone(), from_map.or(from_table).unwrap_or(Ignore))
        })
        .collect();
    Reading {
        recognised: Recognised {
            source,
            kind,
            columns,
        },
        known,
    }
}

/// Columns that say a file's rows are people or deals, whatever else it has.
fn people_or_deals(headers: &[String]) -> Vec<&str> {
    const SIGNS: [&str; 14] = [
        "firstname",
        "lastname",
        "personfirstname",
        "personlastname",
        "jobtitle",
        "salutation",
        "stagename",
        "dealstage",
        "stage",
        "opportunityname",
        "dealname",
        "dealtitle",
        "closedate",
        "expectedclosedate",
    ];
    headers
        .iter()
        .filter(|h| SIGNS.contains(&normalise(h).as_str()))
        .map(String::as_str)
        .collect()
}

/// Reads the header line: the source and kind whose table knows most of its columns
/// (a CRM's own table before the common labels), each column's field, and `--map`'s
/// columns over both. `wanted` is `--as`.
pub fn recognise(
    headers: &[String],
    mapped: &[(String, Field)],
    wanted: Option<Kind>,
) -> Result<Recognised, String> {
    let tables = TABLES
        .iter()
        .map(|t| (t.source, t.kind, Some(t.columns)))
        .chain(Kind::ALL.into_iter().map(|k| (Source::Other, k, None)));
    let mut readings: Vec<Reading> = tables
        .filter(|(_, kind, _)| wanted.is_none_or(|w| w == *kind))
        .map(|table| read_as(headers, table, mapped))
        .filter(|r| complete(r.recognised.kind, &r.recognised.columns))
        .collect();
    // Most columns known first; a CRM's own table before the common labels.
    readings.sort_by_key(|r| {
        (
            std::cmp::Reverse(r.known),
            r.recognised.source == Source::Other,
        )
    });
    let seen = || headers.join(", ");
    let Some(best) = readings.first() else {
        return Err(match wanted {
            Some(kind) => format!(
                "the columns ({}) do not hold {}: {}; add --map \"Column=field\" for the missing ones",
                seen(),
                kind.name(),
                needs(kind)
            ),
            None => format!(
                "cannot tell what this file holds (columns: {}); say it with --as accounts, --as contacts or --as opportunities",
                seen()
            ),
        });
    };
    if wanted.is_none() {
        // As good a reading of another kind: as many columns known, from as named a
        // source.
        let rival = readings.iter().find(|r| {
            r.recognised.kind != best.recognised.kind
                && r.known == best.known
                && (r.recognised.source == Source::Other)
                    == (best.recognised.source == Source::Other)
        });
        if let Some(rival) = rival {
            return Err(format!(
                "the columns ({}) read as {} as well as {}; say which with --as {} or --as {}",
                seen(),
                best.recognised.describe(),
                rival.recognised.describe(),
                best.recognised.kind.name(),
                rival.recognised.kind.name()
            ));
        }
        if best.recognised.kind == Kind::Accounts {
            let signs = people_or_deals(headers);
            if !signs.is_empty() {
                return Err(format!(
                    "its rows look like people or deals ({}), and read as accounts each would become a client; say what it holds with --as contacts, --as opportunities or --as accounts (columns: {})",
                    signs.join(", "),
                    seen()
                ));
            }
        }
    }
    Ok(readings.swap_remove(0).recognised)
}

/// What a file of `kind` must have, for the refusal that says it has not.
fn needs(kind: Kind) -> &'static str {
    match kind {
        Kind::Accounts => "a name",
        Kind::Contacts => "a person's name and their account's name or id",
        Kind::Opportunities => "a deal's name, its stage or status, and its account's name or id",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(header: &str) -> Result<Recognised, String> {
        let headers: Vec<String> = header.split(',').map(String::from).collect();
        recognise(&headers, &[], None)
    }

    fn field(r: &Recognised, column: &str) -> Field {
        r.columns
            .iter()
            .find(|(h, _)| h == column)
            .map(|(_, f)| *f)
            .unwrap()
    }

    #[test]
    fn salesforce_api_names_are_told_apart_by_kind() {
        let accounts =
            read("Id,Name,Industry,AnnualRevenue,Type,Phone,BillingCity,OwnerId").unwrap();
        assert_eq!(
            (accounts.source, accounts.kind),
            (Source::Salesforce, Kind::Accounts)
        );
        assert_eq!(field(&accounts, "Id"), RecordId);
        let contacts = read("Id,AccountId,FirstName,LastName,Name,Title,Email,Phone").unwrap();
        assert_eq!(
            (contacts.source, contacts.kind),
            (Source::Salesforce, Kind::Contacts)
        );
        assert_eq!(field(&contacts, "Name"), ContactName);
        assert_eq!(field(&contacts, "AccountId"), AccountRef);
        let deals =
            read("Id,AccountId,Name,StageName,Amount,CloseDate,Type,ForecastCategoryName").unwrap();
        assert_eq!(
            (deals.source, deals.kind),
            (Source::Salesforce, Kind::Opportunities)
        );
        assert_eq!(field(&deals, "Name"), DealTitle);
    }

    #[test]
    fn hubspot_and_pipedrive_exports_are_placed() {
        let deals = read("Record ID,Deal Name,Deal Stage,Close Date,Amount,Associated Company IDs")
            .unwrap();
        assert_eq!(
            (deals.source, deals.kind),
            (Source::HubSpot, Kind::Opportunities)
        );
        assert_eq!(field(&deals, "Associated Company IDs"), AccountRef);
        let people = read(
            "Person - ID,Person - Name,Person - Email,Person - Organization,Person - Organization ID",
        )
        .unwrap();
        assert_eq!(
            (people.source, people.kind),
            (Source::Pipedrive, Kind::Contacts)
        );
        let orgs = read("Organization - ID,Organization - Name,Organization - Owner").unwrap();
        assert_eq!(
            (orgs.source, orgs.kind),
            (Source::Pipedrive, Kind::Accounts)
        );
    }

    #[test]
    fn people_or_deals_are_never_read_as_clients_unless_asked() {
        let error = read("Name,FirstName,LastName,Email").unwrap_err();
        assert!(error.contains("--as"), "{error}");
        let error = read("Name,Stage,Close Date").unwrap_err();
        assert!(error.contains("look like people or deals"), "{error}");
        let headers = vec!["Name".to_string(), "Stage".to_string()];
        let forced = recognise(&headers, &[], Some(Kind::Accounts)).unwrap();
        assert_eq!(forced.kind, Kind::Accounts);
        assert!(read("Colour,Size").unwrap_err().contains("cannot tell"));
    }
}
